export declare function traceUrlTemplateProblem(value: string | undefined): string | null;
export declare function traceUrlFor(template: string | undefined | null, traceId: string | null | undefined): string | null;
