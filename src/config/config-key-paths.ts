import { getMetadataStorage } from 'class-validator';
import { nestedProperties, type DtoClass } from '@app/config/decorators/nested.decorator';
import { BridgeConfigDto } from '@app/config/dto/bridge-config.dto';

/** Declared keys of a DTO in declaration order, base class first (class-validator lists own first). */
export const declaredKeys = (dto: DtoClass): string[] => {
  const chain: DtoClass[] = [];
  for (
    let type: unknown = dto;
    typeof type === 'function' && type !== Function.prototype;
    type = Object.getPrototypeOf(type)
  ) {
    chain.unshift(type as DtoClass);
  }
  const keys = new Set<string>();
  for (const type of chain) {
    for (const metadata of getMetadataStorage().getTargetValidationMetadatas(type, '', true, false)) {
      if (metadata.target === type) {
        keys.add(metadata.propertyName);
      }
    }
  }
  return [...keys];
};

const collect = (dto: DtoClass, prefix: string, paths: Set<string>): void => {
  const nested = nestedProperties(dto);
  for (const key of declaredKeys(dto)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const inner = nested.get(key);
    if (!inner) {
      paths.add(path);
      continue;
    }
    for (const type of inner.types()) {
      collect(type, inner.list ? `${path}[]` : path, paths);
    }
  }
};

/** Every settable key of bridge.yaml, derived from the DTOs. */
export const configKeyPaths = (root: DtoClass = BridgeConfigDto): string[] => {
  const paths = new Set<string>();
  collect(root, '', paths);
  return [...paths];
};

/**
 * Every leaf key of bridge.yaml, e.g. `connectors[].options.organizationId` (`[]` marks a list;
 * per-type `auth` and `options` keys of all connector types are merged). The README and
 * config/bridge.example.yaml must document exactly these.
 */
export const CONFIG_KEY_PATHS: readonly string[] = Object.freeze(configKeyPaths());
