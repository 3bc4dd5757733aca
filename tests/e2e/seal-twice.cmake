# Seals the same inputs twice, into different directories a second apart, and requires
# bit-identical images, JSON manifests and IGVM files, also identical to what the build made:
#   cmake -DCONFWL=<confwl> -DMANIFEST=<yaml> -DWORKLOAD=<elf> -DBUILT_IMAGE=<NAME.confwl>
#         -DWORK_DIR=<dir> -P seal-twice.cmake
cmake_minimum_required(VERSION 3.25)

cmake_path(GET BUILT_IMAGE FILENAME image_name)
string(REGEX REPLACE "\\.confwl$" ".igvm" igvm_name "${image_name}")
file(REMOVE_RECURSE "${WORK_DIR}")
foreach(directory IN ITEMS "${WORK_DIR}/first" "${WORK_DIR}/second/elsewhere")
  file(MAKE_DIRECTORY "${directory}")
  execute_process(COMMAND "${CONFWL}" seal --manifest "${MANIFEST}" --workload "${WORKLOAD}"
                          --output "${directory}/${image_name}"
    WORKING_DIRECTORY "${directory}" COMMAND_ECHO STDOUT COMMAND_ERROR_IS_FATAL ANY)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E sleep 1)  # another time: nothing may depend on it
endforeach()

set(failures "")
foreach(pair IN ITEMS "first;second/elsewhere" "first;built")
  list(GET pair 0 left)
  list(GET pair 1 right)
  foreach(name IN ITEMS "${image_name}" "${image_name}.json" "${igvm_name}")
    set(left_file "${WORK_DIR}/${left}/${name}")
    set(right_file "${WORK_DIR}/${right}/${name}")
    if(right STREQUAL "built")
      cmake_path(GET BUILT_IMAGE PARENT_PATH built_dir)
      set(right_file "${built_dir}/${name}")
    endif()
    file(SHA384 "${left_file}" left_hash)
    file(SHA384 "${right_file}" right_hash)
    message("${left_hash}  ${left_file}\n${right_hash}  ${right_file}")
    if(NOT left_hash STREQUAL right_hash)
      list(APPEND failures "${left_file} and ${right_file} differ")
    endif()
  endforeach()
endforeach()
if(failures)
  list(JOIN failures "\n" reasons)
  message(FATAL_ERROR "sealing is not reproducible:\n${reasons}")
endif()
