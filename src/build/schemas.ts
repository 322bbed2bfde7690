/** JSON Schemas generated from the zod schemas: the --json output and the schedule YAML. */
import { z } from 'zod';
import { measure, meta, htsDescriptor, mfnReports, interestRates, countryTables } from '../core/schema.js';
import { programs } from '../core/schema-programs.js';
import { jsonSchemas as outputSchemas } from '../core/output-schema.js';

export function allSchemas(): Record<string, unknown> {
  const schedule = (title: string, s: z.ZodType) => ({ title, ...z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) });
  return {
    ...outputSchemas(),
    'schedule-measure.schema.json': schedule('tariff schedule: one measure (schedules/**/*.yaml)', measure),
    'schedule-meta.schema.json': schedule('tariff schedules/meta.yaml', meta),
    'schedule-hts.schema.json': schedule('tariff nomenclature descriptor (schedules/us/hts/hts.yaml, schedules/cn/tariff/tariff.yaml)', htsDescriptor),
    'schedule-mfn-reports.schema.json': schedule('tariff reported MFN rates (schedules/cn/tariff/reported-mfn.yaml)', mfnReports),
    'schedule-programs.schema.json': schedule('tariff Special programs and column 2 countries (schedules/us/hts/programs.yaml)', programs),
    'schedule-country-tables.schema.json': schedule('tariff country tables of a measure (by_origin_file, e.g. schedules/us/ieepa/reciprocal-countries.yaml)', countryTables),
    'schedule-interest-rates.schema.json': schedule('tariff interest on refunds (schedules/us/refunds/interest.yaml)', interestRates),
  };
}

export const render = (s: unknown) => JSON.stringify(s, null, 2) + '\n';
