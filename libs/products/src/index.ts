export * from './products.module.js';
export * from './persistence/product.orm-entity.js';
