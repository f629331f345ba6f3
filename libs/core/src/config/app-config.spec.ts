import { describe, expect, it } from '@jest/globals';
import { AppConfig, ConfigError } from './app-config.js';

const base = { JWT_SECRET: 'x'.repeat(48), DATA_DIR: '/nonexistent-geckoguard-test' };

describe('AppConfig: DATABASE_POOL_SIZE', () => {
  it('defaults to 10 connections per process', () => {
    expect(new AppConfig(base).databasePoolSize).toBe(10);
  });

  it('takes an integer from 1 to 1000', () => {
    expect(new AppConfig({ ...base, DATABASE_POOL_SIZE: '4' }).databasePoolSize).toBe(4);
    expect(new AppConfig({ ...base, DATABASE_POOL_SIZE: '1000' }).databasePoolSize).toBe(1000);
  });

  it.each(['0', '-1', '2.5', 'ten', '1001'])('refuses %s, naming the variable', (value) => {
    expect(() => new AppConfig({ ...base, DATABASE_POOL_SIZE: value })).toThrow(ConfigError);
    expect(() => new AppConfig({ ...base, DATABASE_POOL_SIZE: value })).toThrow(/DATABASE_POOL_SIZE/);
  });
});
