export * from './domain/notices.js';
export {
  ProviderNotices,
  type IssueNoticeInput,
  type NoticeResponseEvent,
  type NoticeResponseListener,
  type NoticeSource,
  type NoticeSummary,
} from './provider-notices.js';
export { ProviderPortalHttpModule, ProviderPortalModule } from './provider-portal.module.js';
