# sanad_embed_file(VAR INPUT NAMESPACE FUNCTION): generates a source defining
# `std::string_view NAMESPACE::FUNCTION()` with INPUT's bytes (embed_file.cmake)
# and sets VAR to its path, to be added to a target's sources.
set(SANAD_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_file.cmake)
function(sanad_embed_file var input namespace function)
  set(output ${CMAKE_CURRENT_BINARY_DIR}/${function}_data.cc)
  add_custom_command(OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output}
      -DNAMESPACE=${namespace} -DFUNCTION=${function} -P ${SANAD_EMBED_SCRIPT}
    DEPENDS ${input} ${SANAD_EMBED_SCRIPT}
    COMMENT "Embedding ${input}"
    VERBATIM)
  set(${var} ${output} PARENT_SCOPE)
endfunction()
