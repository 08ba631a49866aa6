/** The services of the system, who may call whom, and the ports they listen on by default. */
export const SERVICES = [
  'gateway',
  'delivery-scheduler',
  'accounts',
  'package',
  'drone-management',
  'delivery',
  'delivery-history',
] as const;
export type ServiceName = (typeof SERVICES)[number];

/** The only service that faces clients; the others are internal. */
export const PUBLIC_SERVICE: ServiceName = 'gateway';

/** Default ports; `PORT` (gateway) and `<SERVICE>_PORT` change them. */
export const DEFAULT_PORTS: Readonly<Record<ServiceName, number>> = {
  gateway: 8080,
  'delivery-scheduler': 8081,
  accounts: 8082,
  package: 8083,
  'drone-management': 8084,
  delivery: 8085,
  'delivery-history': 8086,
};

/**
 * The services allowed to call each service: its service tokens are accepted from these callers
 * only (the generated clients each service has, see `apilife.config.yaml`; a test keeps the two
 * in step). The gateway calls for shippers, the scheduler on its own behalf.
 */
export const CALLERS: Readonly<Record<ServiceName, readonly ServiceName[]>> = {
  gateway: [],
  'delivery-scheduler': ['gateway'],
  accounts: ['delivery-scheduler'],
  package: ['delivery-scheduler', 'gateway'],
  'drone-management': ['delivery-scheduler', 'gateway'],
  delivery: ['delivery-scheduler', 'gateway'],
  'delivery-history': ['gateway'],
};

/** Services whose tokens may act for a shipper account (`act: { sub: <service> }`, `sub` the account). */
export const ACTS_FOR_SHIPPERS: readonly ServiceName[] = ['gateway'];

/** The services that call others, so sign with a key of their own. */
export const SIGNERS: readonly ServiceName[] = SERVICES.filter((s) => Object.values(CALLERS).some((callers) => callers.includes(s)));

/** A service's name in environment variables: `drone-management` → `DRONE_MANAGEMENT` (as in `DRONE_MANAGEMENT_PORT`). */
export const envStem = (service: ServiceName): string => service.toUpperCase().replace(/-/g, '_');
