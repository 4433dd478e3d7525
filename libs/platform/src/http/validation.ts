import { type ArgumentMetadata, HttpException, Injectable, type PipeTransform, ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, type FieldError } from '@app/core';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * A validator that throws on an odd value instead of refusing it (class-validator's IsNumber with
 * maxDecimalPlaces throws a TypeError on 5e-324) or a body too deeply nested to transform is still the
 * client's invalid input: 422, never a 500.
 */
class ClientInputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof DomainError || error instanceof HttpException) throw error;
      throw new DomainError('VALIDATION_FAILED', 'A value in the request could not be checked: send numbers in plain decimal notation and only the fields, types and nesting the API documents.', {
        errors: [],
      });
    }
  }
}

/** Whitelists, forbids unknown fields, transforms, and names every bad field. */
export function createValidationPipe(): ValidationPipe {
  return new ClientInputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      const detail = fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; ') || 'The request body is not valid.';
      return new DomainError('VALIDATION_FAILED', detail, { errors: fieldErrors });
    },
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** For ids in paths: a malformed id is the client's mistake (400), never a database error. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !UUID.test(value)) {
      const name = metadata.data ?? 'id';
      throw new DomainError('INVALID_ID', `"${String(value).slice(0, 60)}" is not a valid ${name}: expected a UUID such as 3f1c2a9e-8d7b-4c6a-9e2f-0a1b2c3d4e5f.`);
    }
    return value.toLowerCase();
  }
}
