#include "confwl/attestation/cert_chain.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <array>
#include <cstring>
#include <memory>

#include "confwl/atomic_file.h"
#include "openssl_error.h"

namespace confwl::attestation {
namespace {

struct FreeBio {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, FreeBio>;

// SHA-384 of the SubjectPublicKeyInfo of AMD's published ARKs (AMD KDS
// https://kdsintf.amd.com/vcek/v1/{Milan,Genoa}/cert_chain; copies in tests/vectors/snp/).
constexpr std::array<const char*, 2> kAmdRootFingerprints = {
    "1249f67f15cf229a4069195e1a9ce537d1765ef706a1f4a123c36be9518786515d25ecc007f366b564d2b3f31c48082e",  // ARK-Milan
    "32ab53a6ce5ec14926207396e5c475ae768a6a9831b7e860b5acf2e1c1dff222bc5a8bfc43eb5e06393189c1f246d880",  // ARK-Genoa
};

std::vector<Certificate> parse_pem(std::span<const std::byte> bytes) {
  std::vector<Certificate> certificates;
  BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  while (bio) {
    Certificate certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!certificate) break;
    certificates.push_back(std::move(certificate));
  }
  ERR_clear_error();  // the loop ends on "no start line"
  return certificates;
}

Status check_issued(x509_st* subject, x509_st* issuer, const std::string& subject_name,
                    const std::string& issuer_name) {
  if (X509_NAME_cmp(X509_get_issuer_name(subject), X509_get_subject_name(issuer)) != 0)
    return Error{subject_name + " issuer (" + certificate_subject(subject) + ") is not the " + issuer_name +
                 " subject"};
  if (X509_verify(subject, certificate_key(issuer)) != 1)
    return Error{openssl_error(subject_name + " signature does not verify with the " + issuer_name + " key")};
  return Ok{};
}

Status check_key(x509_st* certificate, const std::string& name, int type, int bits) {
  evp_pkey_st* key = certificate_key(certificate);
  if (!key || EVP_PKEY_get_base_id(key) != type || EVP_PKEY_get_bits(key) != bits)
    return Error{name + " key is not " + (type == EVP_PKEY_EC ? "EC P-384" : "RSA-4096")};
  if (type == EVP_PKEY_EC) {
    char curve[32] = {};
    if (EVP_PKEY_get_group_name(key, curve, sizeof curve, nullptr) != 1 || std::strcmp(curve, "secp384r1") != 0)
      return Error{name + " key is not on curve P-384"};
  }
  return Ok{};
}

// AMD signs every certificate of the chain with RSASSA-PSS (SHA-384, MGF1-SHA-384, salt 48).
Status check_pss(x509_st* certificate, const std::string& name) {
  if (X509_get_signature_nid(certificate) != NID_rsassaPss)
    return Error{name + " is not signed with RSASSA-PSS"};
  return Ok{};
}

Status check_validity(x509_st* certificate, const std::string& name, std::time_t at) {
  std::time_t moment = at;
  if (X509_cmp_time(X509_get0_notBefore(certificate), &moment) >= 0)
    return Error{name + " is not valid yet (" + certificate_subject(certificate) + ")"};
  if (X509_cmp_time(X509_get0_notAfter(certificate), &moment) <= 0)
    return Error{name + " has expired (" + certificate_subject(certificate) + ")"};
  return Ok{};
}

}  // namespace

Result<std::vector<Certificate>> parse_certificates(std::span<const std::byte> bytes, const std::string& source) {
  std::vector<Certificate> certificates = parse_pem(bytes);
  if (!certificates.empty()) return certificates;
  const auto* cursor = reinterpret_cast<const unsigned char*>(bytes.data());
  Certificate der(d2i_X509(nullptr, &cursor, static_cast<long>(bytes.size())));
  if (!der) return Error{openssl_error(source + ": not a PEM or DER X.509 certificate")};
  if (cursor != reinterpret_cast<const unsigned char*>(bytes.data() + bytes.size()))
    return Error{source + ": trailing bytes after the DER certificate"};
  certificates.push_back(std::move(der));
  return certificates;
}

namespace {

Result<std::vector<Certificate>> read_certificates(const std::filesystem::path& path) {
  Result<std::vector<std::byte>> bytes = read_file(path);
  if (!bytes) return bytes.error();
  return parse_certificates(*bytes, path.string());
}

Result<Certificate> read_one(const std::filesystem::path& path) {
  Result<std::vector<Certificate>> certificates = read_certificates(path);
  if (!certificates) return certificates.error();
  if (certificates->size() != 1)
    return Error{path.string() + ": expected one certificate, found " + std::to_string(certificates->size())};
  return std::move(certificates->front());
}

}  // namespace

Result<CertChain> load_cert_dir(const std::filesystem::path& dir) {
  CertChain chain;
  if (std::filesystem::exists(dir / "cert_chain.pem")) {
    Result<std::vector<Certificate>> bundle = read_certificates(dir / "cert_chain.pem");
    if (!bundle) return bundle.error();
    if (bundle->size() != 2)
      return Error{(dir / "cert_chain.pem").string() + ": expected the ASK then the ARK, found " +
                   std::to_string(bundle->size()) + " certificates"};
    chain.ask = std::move((*bundle)[0]);
    chain.ark = std::move((*bundle)[1]);
  } else {
    Result<Certificate> ark = read_one(dir / "ark.pem");
    if (!ark) return ark.error();
    Result<Certificate> ask = read_one(dir / "ask.pem");
    if (!ask) return ask.error();
    chain.ark = std::move(*ark);
    chain.ask = std::move(*ask);
  }
  const std::filesystem::path vcek_pem = dir / "vcek.pem";
  Result<Certificate> vcek = read_one(std::filesystem::exists(vcek_pem) ? vcek_pem : dir / "vcek.der");
  if (!vcek) return vcek.error();
  chain.vcek = std::move(*vcek);
  return chain;
}

Status verify_cert_chain(const CertChain& chain, std::time_t at) {
  if (!chain.ark || !chain.ask || !chain.vcek) return Error{"the chain needs an ARK, an ASK and a VCEK"};
  for (Status status : {check_key(chain.ark.get(), "ARK", EVP_PKEY_RSA, 4096),
                        check_key(chain.ask.get(), "ASK", EVP_PKEY_RSA, 4096),
                        check_key(chain.vcek.get(), "VCEK", EVP_PKEY_EC, 384),
                        check_pss(chain.ark.get(), "ARK"), check_pss(chain.ask.get(), "ASK"),
                        check_pss(chain.vcek.get(), "VCEK"),
                        check_issued(chain.ark.get(), chain.ark.get(), "ARK", "ARK (self-signed)"),
                        check_issued(chain.ask.get(), chain.ark.get(), "ASK", "ARK"),
                        check_issued(chain.vcek.get(), chain.ask.get(), "VCEK", "ASK"),
                        check_validity(chain.ark.get(), "ARK", at),
                        check_validity(chain.ask.get(), "ASK", at),
                        check_validity(chain.vcek.get(), "VCEK", at)}) {
    if (!status) return status;
  }
  return Ok{};
}

Sha384 public_key_fingerprint(x509_st* certificate) {
  unsigned char* der = nullptr;
  const int length = i2d_PUBKEY(certificate_key(certificate), &der);
  if (length <= 0) return Sha384{};
  const Sha384 digest = sha384(std::as_bytes(std::span(der, static_cast<size_t>(length))));
  OPENSSL_free(der);
  return digest;
}

bool is_amd_root(x509_st* ark) {
  const std::string fingerprint = to_hex(public_key_fingerprint(ark));
  for (const char* pinned : kAmdRootFingerprints)
    if (fingerprint == pinned) return true;
  return false;
}

evp_pkey_st* certificate_key(x509_st* certificate) { return X509_get0_pubkey(certificate); }

std::string certificate_pem(x509_st* certificate) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), certificate) != 1) return {};
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

std::string certificate_subject(x509_st* certificate) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) return {};
  X509_NAME_print_ex(bio.get(), X509_get_subject_name(certificate), 0, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

}  // namespace confwl::attestation
