# Prints "image SHA-384: <hex>" from a sealer's JSON manifest: cmake -DJSON=<NAME.confwl.json> -P ...
cmake_minimum_required(VERSION 3.25)
file(READ "${JSON}" json)
string(JSON sha384 GET "${json}" image sha384)
execute_process(COMMAND "${CMAKE_COMMAND}" -E echo "==> image SHA-384: ${sha384}")
