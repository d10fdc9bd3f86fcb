#!/usr/bin/env node
// The `godocker` CLI: oclif finds package.json from here and loads the compiled commands in dist/.
void require('@oclif/core').execute({ dir: __dirname });
