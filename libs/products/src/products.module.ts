import { Module } from '@nestjs/common';
import { CreateProductHandler } from './commands/create-product/create-product.handler.js';
import { DeleteProductHandler } from './commands/delete-product/delete-product.handler.js';
import { UpdateProductHandler } from './commands/update-product/update-product.handler.js';
import { ProductsController } from './http/products.controller.js';
import { ProductLookup } from './persistence/product-lookup.js';
import { ProductQueries } from './queries/read-products/product-queries.js';

@Module({
  controllers: [ProductsController],
  providers: [CreateProductHandler, UpdateProductHandler, DeleteProductHandler, ProductQueries, ProductLookup],
  exports: [ProductLookup, ProductQueries],
})
export class ProductsModule {}
