import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { REGULATOR_ROLES, Roles, type Principal } from '@app/core';
import { CurrentPrincipal } from '@app/identity';
import { ParseIdPipe } from '@app/platform';
import { PublicationService } from '../application/publication.service.js';
import type { VersionRecord } from '../application/publication.repository.js';
import { normaliseDraft, type PublicEntry } from '../domain/entry-content.js';
import { ApproveBody, SaveDraftBody } from './dto.js';

/** A version as the officers' API shows it (drafted content with its confidential markers). */
function versionView(v: VersionRecord) {
  return {
    number: v.number,
    status: v.status,
    revision: v.revision,
    content: v.content,
    publicContent: v.publicContent,
    publicSha256: v.publicSha256,
    proposedByEvent: v.proposedByEvent,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
    editedBy: v.editedByLabels,
    approvedBy: v.approvedByLabel,
    approvedAt: v.approvedAt?.toISOString() ?? null,
  };
}

/** The publication workflow of a case, for the regulator: draft (case officers), approve (decision makers). */
@ApiTags('publication')
@ApiBearerAuth()
@Controller('api/v1/cases/:id/publication')
export class OfficerPublicationController {
  constructor(@Inject(PublicationService) private readonly publication: PublicationService) {}

  @Get()
  @Roles(...REGULATOR_ROLES)
  @ApiOperation({ summary: 'The case’s public entry: what is published, the open draft and every version' })
  async overview(@Param('id', ParseIdPipe) id: string) {
    const o = await this.publication.overview(id);
    return {
      caseId: o.caseId,
      reference: o.reference,
      published: o.published ? versionView(o.published) : null,
      draft: o.draft ? versionView(o.draft) : null,
      versions: o.versions.map(versionView),
    };
  }

  @Get('preview')
  @Roles(...REGULATOR_ROLES)
  @ApiOperation({ summary: 'The non-confidential version the open draft would publish (null when there is no draft)' })
  async preview(@Param('id', ParseIdPipe) id: string): Promise<PublicEntry | null> {
    const o = await this.publication.overview(id);
    return o.draft ? this.publication.preview(o.reference, normaliseDraft(o.draft.content as unknown as Record<string, unknown>), o.published) : null;
  }

  @Put('draft')
  @Roles('case_officer')
  @ApiOperation({ summary: 'Save the draft entry (422 PUBLICATION_DRAFT_INVALID naming fields; 409 PUBLICATION_DRAFT_CONFLICT on a stale revision)' })
  async save(@Param('id', ParseIdPipe) id: string, @Body() body: SaveDraftBody, @CurrentPrincipal() principal: Principal) {
    const saved = await this.publication.saveDraft(id, normaliseDraft(body.content), body.revision ?? null, principal);
    return versionView(saved);
  }

  @Post('approve')
  @HttpCode(200)
  @Roles('decision_maker')
  @ApiOperation({ summary: 'Approve the draft at that revision and publish it (four eyes: never by someone who edited it)' })
  async approve(@Param('id', ParseIdPipe) id: string, @Body() body: ApproveBody, @CurrentPrincipal() principal: Principal) {
    return versionView(await this.publication.approve(id, body.revision, principal));
  }
}
