import { Module } from '@nestjs/common';

/** Policies are pure functions (see index.ts); the module exists so the app's shape matches the design. */
@Module({})
export class PoliciesModule {}
