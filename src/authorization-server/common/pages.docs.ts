import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';

const REDIRECTS = new Set([302, 303]);
const HTML = { 'text/html': { schema: { type: 'string' } } };

/** How an HTML page's answer is documented: a status and what it means. */
export type PageResponses = Readonly<Record<number, string>>;

/**
 * Documents a route of Scopegate's own pages (HTML for a browser, not for Try it out): its
 * summary, `text/html`, and each status it answers, under the tag `pages`.
 */
export const ApiPage = (summary: string, description: string, responses: PageResponses) =>
  applyDecorators(
    ApiTags('pages'),
    ApiOperation({ summary, description }),
    ApiProduces('text/html'),
    ...Object.entries(responses).map(([status, text]) =>
      ApiResponse({
        status: Number(status),
        description: text,
        // A redirect has no body; every other answer is a page.
        ...(REDIRECTS.has(Number(status)) ? {} : { content: HTML }),
      }),
    ),
  );
