// Types of build/msiProjectCreated.mjs, which electron-builder loads as it is.
export declare const POLICY_FOLDER_SDDL: string;
export declare function withPolicyFolder(project: string): string;
export declare function msiProjectCreated(projectFile: string): Promise<void>;
