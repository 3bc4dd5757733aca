cmake_minimum_required(VERSION 3.25)
# `confwl measure IMAGE` equals the independent implementation for several launches, the
# launches differ from each other, `confwl measure NAME.igvm` (the digests of applying the IGVM
# file's directives, not the sealer's page list) gives the same values, and NAME.confwl.json
# records the default launch.
# -DCONFWL=<exe> -DINDEPENDENT=<exe> -DIMAGE=<sealed image> -DIGVM=<NAME.igvm>
function(run out)
  execute_process(COMMAND ${ARGN} OUTPUT_VARIABLE output ERROR_VARIABLE errors RESULT_VARIABLE status
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT status EQUAL 0 OR NOT output MATCHES "^[0-9a-f]+$")
    message(FATAL_ERROR "${ARGN}\nexit ${status}\nstdout: ${output}\nstderr: ${errors}")
  endif()
  set(${out} "${output}" PARENT_SCOPE)
endfunction()

set(seen)
foreach(launch IN ITEMS "1;EPYC-Milan;a00f11;0x1" "2;EPYC-Milan;a00f11;0x1" "1;EPYC-Milan;a00f11;0x21"
                        "1;EPYC-Genoa;a10f10;0x1")
  list(GET launch 0 vcpus)
  list(GET launch 1 type)
  list(GET launch 2 signature)
  list(GET launch 3 features)
  run(ours "${CONFWL}" measure "${IMAGE}" --platform snp --vcpus ${vcpus} --vcpu-type ${type}
      --guest-features ${features})
  run(theirs "${INDEPENDENT}" "${IMAGE}" snp ${vcpus} ${signature} ${features})
  if(NOT ours STREQUAL theirs)
    message(FATAL_ERROR "SNP ${launch}: confwl measure says ${ours}, the independent path ${theirs}")
  endif()
  if(ours IN_LIST seen)
    message(FATAL_ERROR "SNP ${launch}: the digest ${ours} equals another launch's")
  endif()
  list(APPEND seen "${ours}")
endforeach()
list(GET seen 0 default_snp)

# NAME.igvm holds the default launch's VMSA (EPYC-Milan, guest features 0x1); --vcpus repeats it.
run(from_igvm "${CONFWL}" measure "${IGVM}" --platform snp)
run(from_igvm_2 "${CONFWL}" measure "${IGVM}" --platform snp --vcpus 2)
list(GET seen 1 two_vcpus)
if(NOT from_igvm STREQUAL default_snp OR NOT from_igvm_2 STREQUAL two_vcpus)
  message(FATAL_ERROR "SNP from ${IGVM}: ${from_igvm} (2 vCPUs ${from_igvm_2}); from the image: ${default_snp} (${two_vcpus})")
endif()

run(ours_tdx "${CONFWL}" measure "${IMAGE}" --platform tdx)
run(igvm_tdx "${CONFWL}" measure "${IGVM}" --platform tdx)
if(NOT igvm_tdx STREQUAL ours_tdx)
  message(FATAL_ERROR "TDX from ${IGVM}: ${igvm_tdx}; from the image: ${ours_tdx}")
endif()
run(theirs_tdx "${INDEPENDENT}" "${IMAGE}" tdx)
if(NOT ours_tdx STREQUAL theirs_tdx)
  message(FATAL_ERROR "TDX: confwl measure says ${ours_tdx}, the independent path ${theirs_tdx}")
endif()

file(READ "${IMAGE}.json" manifest)
string(JSON recorded_snp GET "${manifest}" measurements sev_snp launch_digest)
string(JSON recorded_tdx GET "${manifest}" measurements tdx mrtd)
if(NOT recorded_snp STREQUAL default_snp OR NOT recorded_tdx STREQUAL ours_tdx)
  message(FATAL_ERROR "${IMAGE}.json records SNP ${recorded_snp} and TDX ${recorded_tdx}; "
                      "measured ${default_snp} and ${ours_tdx}")
endif()
message(STATUS "SNP ${default_snp}\nTDX ${ours_tdx}")
