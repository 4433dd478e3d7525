import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/core';
import { DEFAULT_JURISDICTION, UkCalendar } from '../calendar/uk-calendar.js';
import { BankHolidaysQuery, BankHolidaysResponse, CalendarAddQuery, CalendarAddResponse } from './dto.js';

/** The deadline calculator itself: public, it reveals nothing but the calendar. */
@ApiTags('calendar')
@Controller('api/v1/calendar')
export class CalendarController {
  constructor(@Inject(UkCalendar) private readonly calendar: UkCalendar) {}

  @Get('add')
  @Public()
  @ApiOperation({
    summary: 'Add a period to a date, the way deadlines are counted',
    description:
      'Day 1 is the day after `from`. Working days skip Saturdays, Sundays and the bank holidays of the jurisdiction (substitute days included). ' +
      'Calendar months end on the corresponding date, or the last day of a shorter month. Every step is explained.',
  })
  @ApiOkResponse({ type: CalendarAddResponse })
  add(@Query() query: CalendarAddQuery): CalendarAddResponse {
    const jurisdiction = query.jurisdiction ?? DEFAULT_JURISDICTION;
    const result = this.calendar.addPeriod({ from: query.from, amount: query.amount, unit: query.unit, jurisdiction });
    return {
      date: result.date,
      explanation: result.explanation,
      rule: result.rule,
      from: query.from,
      amount: query.amount,
      unit: query.unit,
      jurisdiction,
      lines: result.lines,
    };
  }

  @Get('bank-holidays')
  @Public()
  @ApiOperation({ summary: 'The days off work in a year for a jurisdiction (a holiday on a weekend appears as its substitute weekday)' })
  @ApiOkResponse({ type: BankHolidaysResponse })
  bankHolidays(@Query() query: BankHolidaysQuery): BankHolidaysResponse {
    const jurisdiction = query.jurisdiction ?? DEFAULT_JURISDICTION;
    return { year: query.year, jurisdiction, items: this.calendar.bankHolidays(query.year, jurisdiction) };
  }
}
