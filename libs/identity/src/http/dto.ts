import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { ROLES, type OrganisationKind, type Role } from '@app/core';
import { PageQueryDto } from '@app/platform';
import { MAX_PASSWORD_LENGTH } from '../auth/password-policy.js';
import { ORGANISATION_KINDS } from '../users/organisation-roles.js';

export class TokenRequestDto {
  @ApiProperty({ example: 'officer@demo.test' })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;

  @ApiPropertyOptional({ description: '6-digit code from the authenticator app; required once MFA is set up', example: '123456' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'must be the 6-digit code from your authenticator app' })
  otp?: string;
}

export class TokenResponseDto {
  @ApiProperty({ description: 'Send as "Authorization: Bearer <accessToken>"' })
  accessToken!: string;

  @ApiProperty({ description: 'Seconds until the token expires', example: 900 })
  expiresIn!: number;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';
}

export class MeDto {
  @ApiProperty({ enum: ['user', 'api_key'] }) kind!: 'user' | 'api_key';
  @ApiProperty({ format: 'uuid', description: 'User id, or API key id' }) id!: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() name?: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ enum: ['regulator', 'provider', 'eligible_entity'] }) organisationKind!: OrganisationKind;
  @ApiPropertyOptional() organisationName?: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ enum: ['session', 'token', 'api_key'] }) via!: 'session' | 'token' | 'api_key';
  @ApiPropertyOptional() mfaEnabled?: boolean;
  @ApiPropertyOptional() mfaRequired?: boolean;
}

export class MfaEnrolmentDto {
  @ApiProperty({ description: 'Base32 secret, to type into an authenticator app by hand' }) secret!: string;
  @ApiProperty({ example: 'otpauth://totp/...' }) otpauthUrl!: string;
  @ApiProperty({ description: 'QR code of otpauthUrl, as an SVG data: URL for an <img>' }) qrCodeDataUrl!: string;
}

export class ConfirmMfaDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'must be the 6-digit code from your authenticator app' })
  code!: string;
}

export class MfaStatusDto {
  @ApiProperty() mfaEnabled!: boolean;
}


export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  organisationId?: string;
}

export class ListOrganisationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORGANISATION_KINDS })
  @IsOptional()
  @IsIn(ORGANISATION_KINDS)
  kind?: OrganisationKind;
}

export class ListApiKeysQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Required for administrators; others see their own organisation' })
  @IsOptional()
  @IsUUID('all')
  organisationId?: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) organisationKind!: OrganisationKind;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty() mfaEnabled!: boolean;
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) disabledAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lockedUntil!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLoginAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class InviteUserDto {
  @ApiProperty({ example: 'new.officer@regulator.example' })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email!: string;

  @ApiProperty({ example: 'Sam Patel' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  organisationId!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles!: Role[];
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) invitedBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acceptedAt!: Date | null;
}

export class CreatedInvitationDto {
  @ApiProperty({ type: InvitationDto }) invitation!: InvitationDto;
  @ApiProperty({ description: 'Shown once: only its hash is kept' }) token!: string;
  @ApiProperty({ description: 'Link for the invitee to choose a password' }) acceptUrl!: string;
}

export class AcceptInvitationDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token!: string;

  @ApiProperty({ format: 'password', minLength: 12 })
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;

  @ApiPropertyOptional({ description: 'Replaces the name the invitation was sent to' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;
}

export class SetRolesDto {
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles!: Role[];
}

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind!: OrganisationKind;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
}

export class OrganisationPageDto {
  @ApiProperty({ type: [OrganisationDto] }) items!: OrganisationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class CreateOrganisationDto {
  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS)
  kind!: OrganisationKind;

  @ApiProperty({ example: 'Example Video Sharing Ltd' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;
}

export class RolePolicyDto {
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() mfaRequired!: boolean;
  @ApiProperty({ description: 'Production always requires MFA for regulator roles' }) enforcedInProduction!: boolean;
  @ApiProperty() effectiveMfaRequired!: boolean;
}

export class RolePolicyPageDto {
  @ApiProperty({ type: [RolePolicyDto] }) items!: RolePolicyDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class SetRolePolicyDto {
  @ApiProperty()
  @IsBoolean()
  mfaRequired!: boolean;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The 8 characters after "osa_", to recognise the key' }) prefix!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: Date | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The whole key, shown once: send it as "Authorization: Bearer <key>"' }) key!: string;
}

export class ApiKeyPageDto {
  @ApiProperty({ type: [ApiKeyDto] }) items!: ApiKeyDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Trust and safety reporting system' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for administrators; others create keys for their own organisation' })
  @IsOptional()
  @IsUUID('all')
  organisationId?: string;
}
