import { BadRequestException } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Max } from 'class-validator';
import { Type } from 'class-transformer';
import { AppValidationPipe } from './validation.pipe';

class OptionalQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Max(10)
  limit?: number;
}

class RequiredBody {
  @IsString()
  name!: string;
}

const options = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
};
const query = (metatype: new () => object) => ({ type: 'query' as const, metatype });

describe('AppValidationPipe', () => {
  it('answers an empty query with an instance, the first time and every time after', async () => {
    const pipe = new AppValidationPipe(options);
    const first = await pipe.transform({}, query(OptionalQuery));
    const second = await pipe.transform({}, query(OptionalQuery));
    expect(first).toBeInstanceOf(OptionalQuery);
    expect(second).toBeInstanceOf(OptionalQuery);
    expect(second).not.toBe(first);
    expect(second).toEqual({});
  });

  it('still validates and transforms every non-empty value', async () => {
    const pipe = new AppValidationPipe(options);
    await pipe.transform({}, query(OptionalQuery));
    expect(await pipe.transform({ limit: '5' }, query(OptionalQuery))).toEqual({ limit: 5 });
    await expect(pipe.transform({ limit: '50' }, query(OptionalQuery))).rejects.toThrow(
      BadRequestException,
    );
    await expect(pipe.transform({ other: '1' }, query(OptionalQuery))).rejects.toThrow(
      BadRequestException,
    );
  });

  it('never remembers a class whose empty value fails: refused every time', async () => {
    const pipe = new AppValidationPipe(options);
    for (let i = 0; i < 2; i++) {
      await expect(pipe.transform({}, { type: 'body', metatype: RequiredBody })).rejects.toThrow(
        BadRequestException,
      );
    }
  });
});
