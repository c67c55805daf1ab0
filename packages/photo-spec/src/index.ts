// Public API of the package: filled in by its own issue.
export {};
