import { HttpException } from '@nestjs/common';

/**
 * An error whose answer is already decided: status, JSON body and headers. The concern that
 * throws it owns that answer; the global exception filter writes it as is.
 */
export class ErrorResponse<TBody extends object = object> extends HttpException {
  constructor(
    status: number,
    readonly body: TBody,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(body, status);
  }
}
