export * from './products.module.js';
export * from './persistence/product.orm-entity.js';
export * from './persistence/product-lookup.js';
export * from './domain/product-view.js';
export * from './queries/read-products/product-queries.js';
