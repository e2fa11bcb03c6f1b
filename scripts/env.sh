# Sourced by the build scripts: the environment Debian's Emscripten 3.1.6 needs.
# Its tools are Node scripts that require 'acorn' from Debian's own node modules.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
