import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Roles } from '@app/core';
import { ParseIdPipe } from '@app/platform';
import { DocumentStore, type IssuedDocument, type IssuedDocumentSummary } from './document-store.js';
import { LETTER_TEMPLATES, LETTER_TEMPLATE_NAMES } from './letter-templates.js';

export class DocumentTemplateDto {
  @ApiProperty({ enum: LETTER_TEMPLATE_NAMES }) name!: string;
  @ApiProperty() title!: string;
  @ApiProperty() legalBasis!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'What the preview shows' }) sampleDescription!: string;
  @ApiProperty({ description: 'Fields the data must contain (dotted paths)', type: [String] }) requiredFields!: string[];
  @ApiProperty({ description: 'Page rendering the template with sample data' }) previewUrl!: string;
}

export class IssuedDocumentSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ enum: LETTER_TEMPLATE_NAMES }) template!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'Hex SHA-256 of the UTF-8 bytes of the HTML' }) sha256!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) issuedBy!: string | null;
  @ApiProperty() issuedByLabel!: string;
  @ApiProperty({ format: 'date-time' }) issuedAt!: Date;
}

export class IssuedDocumentDto extends IssuedDocumentSummaryDto {
  @ApiProperty({ description: 'The document exactly as issued' }) html!: string;
  @ApiProperty({ description: 'The data it was rendered from', type: Object }) data!: Record<string, unknown>;
}

export class DocumentsForCaseQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  caseId!: string;
}

export interface DocumentTemplateListing {
  name: string;
  title: string;
  legalBasis: string;
  description: string;
  sampleDescription: string;
  requiredFields: string[];
  previewUrl: string;
}

export function templateListing(): DocumentTemplateListing[] {
  return LETTER_TEMPLATE_NAMES.map((name) => {
    const info = LETTER_TEMPLATES[name];
    return {
      name,
      title: info.title,
      legalBasis: info.legalBasis,
      description: info.description,
      sampleDescription: info.sampleDescription,
      requiredFields: info.required,
      previewUrl: `/documents/preview/${name}`,
    };
  });
}

/** Letter and notice templates, and the documents issued from them. */
@ApiTags('documents')
@ApiBearerAuth()
@Controller('api/v1/documents')
export class DocumentsController {
  constructor(@Inject(DocumentStore) private readonly store: DocumentStore) {}

  @Get('templates')
  @Roles('admin', 'case_officer', 'decision_maker', 'analyst')
  @ApiOperation({ summary: 'The letter and notice templates, with what their sample data shows and a preview link' })
  @ApiOkResponse({ type: [DocumentTemplateDto] })
  templates(): DocumentTemplateListing[] {
    return templateListing();
  }

  @Get()
  @Roles('admin', 'case_officer', 'decision_maker', 'analyst')
  @ApiOperation({ summary: 'The documents issued on a case, oldest first' })
  @ApiOkResponse({ type: [IssuedDocumentSummaryDto] })
  forCase(@Query() query: DocumentsForCaseQuery): Promise<IssuedDocumentSummary[]> {
    return this.store.listForCase(query.caseId.toLowerCase());
  }

  @Get(':id')
  @Roles('admin', 'case_officer', 'decision_maker', 'analyst')
  @ApiOperation({ summary: 'One issued document: metadata, its HTML exactly as issued, and the data it was rendered from' })
  @ApiOkResponse({ type: IssuedDocumentDto })
  get(@Param('id', ParseIdPipe) id: string): Promise<IssuedDocument> {
    return this.store.get(id);
  }
}
