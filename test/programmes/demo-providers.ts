import type { DataSource } from 'typeorm';

export interface DemoProviders {
  serviceIds: string[];
  domains: string[];
  /** The services whose providers act through the demo users provider@demo.test and provider2@demo.test. */
  demoPlatformServiceId: string;
  secondDemoServiceId: string;
}

/**
 * `count` providers, each with its own portal organisation, notice contact and one service with a
 * primary domain, written straight into the registry's and identity's tables (test setup only). The
 * first two providers belong to the demo organisations of provider@demo.test and provider2@demo.test,
 * so those users can answer through the portal.
 */
export async function createDemoProviders(db: DataSource, count: number, prefix: string): Promise<DemoProviders> {
  const demoOrgs = (await db.query(`SELECT id, name FROM organisations WHERE name IN ('Demo Platform Ltd', 'Second Demo Platform Ltd')`)) as { id: string; name: string }[];
  const first = demoOrgs.find((o) => o.name === 'Demo Platform Ltd')?.id;
  const second = demoOrgs.find((o) => o.name === 'Second Demo Platform Ltd')?.id;
  if (!first || !second) throw new Error('the demo provider organisations are missing');
  await db.query(
    `INSERT INTO organisations (kind, name) SELECT 'provider', $1 || ' Provider ' || lpad(n::text, 4, '0') || ' Ltd' FROM generate_series(3, $2) AS n`,
    [prefix, count],
  );
  const rows = (await db.query(
    `WITH numbered AS (
       SELECT n, CASE n WHEN 1 THEN $3::uuid WHEN 2 THEN $4::uuid
                 ELSE (SELECT id FROM organisations WHERE name = $1 || ' Provider ' || lpad(n::text, 4, '0') || ' Ltd') END AS organisation_id
         FROM generate_series(1, $2) AS n),
     p AS (
       INSERT INTO providers (name, notice_contact, organisation_id, jurisdiction, created_at, updated_at)
       SELECT $1 || ' Provider ' || lpad(n::text, 4, '0') || ' Ltd', 'compliance@' || lower($1) || '-provider-' || n || '.example', organisation_id, 'GB', now(), now()
         FROM numbered RETURNING id, name),
     s AS (
       INSERT INTO online_services (provider_id, name, service_type, origin, created_at, updated_at)
       SELECT p.id, replace(p.name, ' Provider ', ' Tube ') , 'pornography_provider', 'registered', now(), now() FROM p RETURNING id, name)
     SELECT s.id, split_part(split_part(s.name, ' Tube ', 2), ' ', 1) AS number FROM s`,
    [prefix, count, first, second],
  )) as { id: string; number: string }[];
  rows.sort((a, b) => a.number.localeCompare(b.number));
  const domains = rows.map((r) => `${prefix.toLowerCase()}-tube-${Number(r.number)}.example`);
  await db.query(
    `INSERT INTO service_domains (domain, service_id, relation, since, recorded_by, recorded_at)
     SELECT d, s, 'primary', now(), 'test setup', now() FROM unnest($1::text[], $2::uuid[]) AS x(d, s)`,
    [domains, rows.map((r) => r.id)],
  );
  return {
    serviceIds: rows.map((r) => r.id),
    domains,
    demoPlatformServiceId: (rows[0] as { id: string }).id,
    secondDemoServiceId: (rows[1] as { id: string }).id,
  };
}
