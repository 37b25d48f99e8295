import type { Options } from "tsup";

export declare const nodePackage: Options;
