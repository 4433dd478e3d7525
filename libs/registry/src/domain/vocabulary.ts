/** How a domain relates to the online service it belongs to. */
export const DOMAIN_RELATIONS = ['primary', 'mirror', 'successor'] as const;
export type DomainRelation = (typeof DOMAIN_RELATIONS)[number];

/** Kinds of regulated service (OSA Part 3 user-to-user and search services; Part 5 pornography providers). */
export const SERVICE_TYPES = ['user_to_user', 'search', 'pornography_provider', 'unknown'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Categorisation register (threshold conditions under Schedule 11). */
export const CATEGORISATIONS = ['category_1', 'category_2a', 'category_2b', 'uncategorised'] as const;
export type Categorisation = (typeof CATEGORISATIONS)[number];

export const APP_STORES = ['apple', 'google', 'other'] as const;
export type AppStore = (typeof APP_STORES)[number];

/** `registered` by an officer; `intake` created automatically for a domain first named in a report, not yet confirmed. */
export type ServiceOrigin = 'registered' | 'intake';
