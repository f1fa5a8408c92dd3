import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { IsList, IsMapping } from '@app/config/decorators/config-rules.decorators';

export type DtoClass = new () => object;

/** What a nested property holds; read by CONFIG_KEY_PATHS to list every documented key. */
export interface NestedProperty {
  list: boolean;
  types: () => DtoClass[];
}

const NESTED = new WeakMap<object, Map<string, NestedProperty>>();

export const registerNested = (prototype: object, key: string, nested: NestedProperty): void => {
  const own = NESTED.get(prototype) ?? new Map<string, NestedProperty>();
  own.set(key, nested);
  NESTED.set(prototype, own);
};

/** Nested properties of a DTO class, inherited ones included. */
export const nestedProperties = (dto: DtoClass): Map<string, NestedProperty> => {
  const found = new Map<string, NestedProperty>();
  for (
    let proto: object | null = dto.prototype as object;
    proto;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    for (const [key, nested] of NESTED.get(proto) ?? []) {
      if (!found.has(key)) {
        found.set(key, nested);
      }
    }
  }
  return found;
};

const Register =
  (nested: NestedProperty): PropertyDecorator =>
  (target, key) =>
    registerNested(target, String(key), nested);

/** A mapping validated by its own DTO (unknown keys inside it are reported too). */
export const Nested = (type: () => DtoClass): PropertyDecorator =>
  applyDecorators(
    IsMapping(),
    Type(type),
    ValidateNested({ message: 'must be a mapping of keys to values' }),
    Register({ list: false, types: () => [type()] }),
  );

/** A list of mappings, each validated by the DTO. */
export const NestedList = (type: () => DtoClass): PropertyDecorator =>
  applyDecorators(
    IsList(),
    Type(type),
    ValidateNested({ each: true, message: 'must be a mapping of keys to values' }),
    Register({ list: true, types: () => [type()] }),
  );
