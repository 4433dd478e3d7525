export { DemoModule } from './demo.module.js';
export { DemoCaseSeeder, type DemoSeedResult } from './demo-case-seeder.js';
export { DEMO_CASES, DEMO_REASON, DEMO_SERVICES, type DemoCase, type DemoService } from './demo-catalogue.js';
export { demoPrincipals } from './demo-principals.js';
