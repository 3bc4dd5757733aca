# Seals a workload with sealed files (manifest files: and --file) and a changed syscall allowlist,
# then checks what `confwl inspect` and NAME.confwl.json say, that sealing twice gives identical
# bytes, and the depfile names every input:
#   cmake -DCONFWL=<confwl> -DWORKLOAD=<static ELF> -DWORK_DIR=<dir> -P seal-files-and-allowlist.cmake
cmake_minimum_required(VERSION 3.25)
set(fixture "${CMAKE_CURRENT_LIST_DIR}/sealed-files")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}/one" "${WORK_DIR}/two")

foreach(run IN ITEMS one two)
  execute_process(COMMAND "${CONFWL}" seal --manifest "${fixture}/manifest.yaml" --workload "${WORKLOAD}"
                          --output "${WORK_DIR}/${run}/sealed-files.confwl" --file "/data/extra.txt=${fixture}/extra.txt"
                          --depfile "${WORK_DIR}/${run}/seal.d"
                  RESULT_VARIABLE status ERROR_VARIABLE errors)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "confwl seal failed (${status}):\n${errors}")
  endif()
endforeach()
file(SHA384 "${WORK_DIR}/one/sealed-files.confwl" first)
file(SHA384 "${WORK_DIR}/two/sealed-files.confwl" second)
if(NOT first STREQUAL second)
  message(FATAL_ERROR "sealing twice gave different images")
endif()

execute_process(COMMAND "${CONFWL}" inspect "${WORK_DIR}/one/sealed-files.confwl"
                OUTPUT_VARIABLE table RESULT_VARIABLE status)
message("${table}")
file(SHA384 "${fixture}/app.conf" app_conf_sha384)
set(expected_lines
  "sealed-files +0x[0-9a-f]+ +[0-9]+ +4096 "
  "kernel preset +posix \\(subsystems: core, files, attestation, threads, signals, processes\\) \\(from "
  "/tmp +RAM, at most 1M"
  "sealed files: 3, read-only"
  "0444 +17  /etc/app.conf\n +sha384 ${app_conf_sha384}"
  "0444 +8  /etc/app/limits.txt"
  "0444 +12  /data/extra.txt"
  "syscall allowlist: [0-9]+ calls \\(any other returns ENOSYS, then the workload is killed\\)"
  "257  openat +open and possibly create a file"
  "  3  close ")
foreach(line IN LISTS expected_lines)
  if(NOT table MATCHES "${line}")
    message(FATAL_ERROR "confwl inspect: no line matches \"${line}\"")
  endif()
endforeach()
if(table MATCHES " uname ")
  message(FATAL_ERROR "confwl inspect: uname is denied by the manifest but listed")
endif()

file(READ "${WORK_DIR}/one/sealed-files.confwl.json" json)
string(JSON first_path GET "${json}" files 0 path)
string(JSON first_sha384 GET "${json}" files 1 sha384)
string(JSON on_denied GET "${json}" kernel on_denied)
if(NOT first_path STREQUAL "/data/extra.txt" OR NOT first_sha384 STREQUAL app_conf_sha384 OR NOT on_denied STREQUAL "kill")
  message(FATAL_ERROR "NAME.confwl.json: files or kernel.on_denied are wrong:\n${json}")
endif()

file(READ "${WORK_DIR}/one/seal.d" depfile)
foreach(input IN ITEMS manifest.yaml app.conf limits.txt extra.txt)
  if(NOT depfile MATCHES "${fixture}/${input}")
    message(FATAL_ERROR "the depfile does not name ${input}:\n${depfile}")
  endif()
endforeach()
