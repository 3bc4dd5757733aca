// OpenSSL's own reason for the last failure, for error messages (and clearing its error queue).
#pragma once
#include <string>

namespace confwl::attestation {

// "what: <OpenSSL reason>"; the error queue is empty afterwards.
std::string openssl_error(const std::string& what);

}  // namespace confwl::attestation
