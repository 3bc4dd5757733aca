// The SEV-ES save area (VMSA): the 4 KiB page that holds a vCPU's initial state under SEV-ES and
// SEV-SNP, measured as a VMSA page at launch. Layout: AMD64 Architecture Programmer's Manual,
// vol. 2, appendix B, table B-4 "VMSA Layout, State Save Area for SEV-ES" (the same layout as
// Linux's struct sev_es_save_area in arch/x86/include/asm/svm.h). Little-endian.
#pragma once
#include <cstddef>
#include <cstdint>

namespace confwl::measure {

// APM vol. 2, 15.5.1 "Segment state in the VMCB": attrib is the compressed form of the descriptor
// attributes: type/S/DPL/P in bits 7:0, AVL/L/D/G in bits 11:8.
struct [[gnu::packed]] VmcbSegment {
  uint16_t selector;
  uint16_t attrib;
  uint32_t limit;
  uint64_t base;
};
static_assert(sizeof(VmcbSegment) == 16);

struct [[gnu::packed]] SevEsSaveArea {
  VmcbSegment es, cs, ss, ds, fs, gs, gdtr, ldtr, idtr, tr;
  uint64_t vmpl0_ssp, vmpl1_ssp, vmpl2_ssp, vmpl3_ssp;
  uint64_t u_cet;
  uint8_t reserved_0c8[2];
  uint8_t vmpl;
  uint8_t cpl;
  uint8_t reserved_0cc[4];
  uint64_t efer;
  uint8_t reserved_0d8[104];
  uint64_t xss, cr4, cr3, cr0, dr7, dr6, rflags, rip;
  uint64_t dr0, dr1, dr2, dr3;
  uint64_t dr0_addr_mask, dr1_addr_mask, dr2_addr_mask, dr3_addr_mask;
  uint8_t reserved_1c0[24];
  uint64_t rsp, s_cet, ssp, isst_addr, rax;
  uint64_t star, lstar, cstar, sfmask, kernel_gs_base;
  uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
  uint64_t cr2;
  uint8_t reserved_248[32];
  uint64_t g_pat, dbgctl, br_from, br_to, last_excp_from, last_excp_to;
  uint8_t reserved_298[80];
  uint32_t pkru;
  uint8_t reserved_2ec[20];
  uint64_t reserved_300;
  uint64_t rcx, rdx, rbx;
  uint64_t reserved_320;
  uint64_t rbp, rsi, rdi, r8, r9, r10, r11, r12, r13, r14, r15;
  uint8_t reserved_380[16];
  uint64_t guest_exit_info_1, guest_exit_info_2, guest_exit_int_info, guest_nrip;
  uint64_t sev_features, vintr_ctrl, guest_exit_code, virtual_tom;
  uint64_t tlb_id, pcpu_id, event_inj, xcr0;
  uint8_t reserved_3f0[16];
  uint64_t x87_dp;
  uint32_t mxcsr;
  uint16_t x87_ftw, x87_fsw, x87_fcw, x87_fop, x87_ds, x87_cs;
  uint64_t x87_rip;
  uint8_t fpreg_x87[80];
  uint8_t fpreg_xmm[256];
  uint8_t fpreg_ymm[256];
  uint8_t reserved_670[0x1000 - 0x670];
};
static_assert(sizeof(SevEsSaveArea) == 0x1000);
static_assert(offsetof(SevEsSaveArea, es) == 0x000);
static_assert(offsetof(SevEsSaveArea, cs) == 0x010);
static_assert(offsetof(SevEsSaveArea, ss) == 0x020);
static_assert(offsetof(SevEsSaveArea, ds) == 0x030);
static_assert(offsetof(SevEsSaveArea, fs) == 0x040);
static_assert(offsetof(SevEsSaveArea, gs) == 0x050);
static_assert(offsetof(SevEsSaveArea, gdtr) == 0x060);
static_assert(offsetof(SevEsSaveArea, ldtr) == 0x070);
static_assert(offsetof(SevEsSaveArea, idtr) == 0x080);
static_assert(offsetof(SevEsSaveArea, tr) == 0x090);
static_assert(offsetof(SevEsSaveArea, vmpl0_ssp) == 0x0A0);
static_assert(offsetof(SevEsSaveArea, u_cet) == 0x0C0);
static_assert(offsetof(SevEsSaveArea, vmpl) == 0x0CA);
static_assert(offsetof(SevEsSaveArea, cpl) == 0x0CB);
static_assert(offsetof(SevEsSaveArea, efer) == 0x0D0);
static_assert(offsetof(SevEsSaveArea, xss) == 0x140);
static_assert(offsetof(SevEsSaveArea, cr4) == 0x148);
static_assert(offsetof(SevEsSaveArea, cr3) == 0x150);
static_assert(offsetof(SevEsSaveArea, cr0) == 0x158);
static_assert(offsetof(SevEsSaveArea, dr7) == 0x160);
static_assert(offsetof(SevEsSaveArea, dr6) == 0x168);
static_assert(offsetof(SevEsSaveArea, rflags) == 0x170);
static_assert(offsetof(SevEsSaveArea, rip) == 0x178);
static_assert(offsetof(SevEsSaveArea, dr0) == 0x180);
static_assert(offsetof(SevEsSaveArea, dr3_addr_mask) == 0x1B8);
static_assert(offsetof(SevEsSaveArea, rsp) == 0x1D8);
static_assert(offsetof(SevEsSaveArea, s_cet) == 0x1E0);
static_assert(offsetof(SevEsSaveArea, rax) == 0x1F8);
static_assert(offsetof(SevEsSaveArea, star) == 0x200);
static_assert(offsetof(SevEsSaveArea, kernel_gs_base) == 0x220);
static_assert(offsetof(SevEsSaveArea, sysenter_eip) == 0x238);
static_assert(offsetof(SevEsSaveArea, cr2) == 0x240);
static_assert(offsetof(SevEsSaveArea, g_pat) == 0x268);
static_assert(offsetof(SevEsSaveArea, last_excp_to) == 0x290);
static_assert(offsetof(SevEsSaveArea, pkru) == 0x2E8);
static_assert(offsetof(SevEsSaveArea, rcx) == 0x308);
static_assert(offsetof(SevEsSaveArea, rdx) == 0x310);
static_assert(offsetof(SevEsSaveArea, rbx) == 0x318);
static_assert(offsetof(SevEsSaveArea, rbp) == 0x328);
static_assert(offsetof(SevEsSaveArea, rsi) == 0x330);
static_assert(offsetof(SevEsSaveArea, rdi) == 0x338);
static_assert(offsetof(SevEsSaveArea, r8) == 0x340);
static_assert(offsetof(SevEsSaveArea, r15) == 0x378);
static_assert(offsetof(SevEsSaveArea, guest_exit_info_1) == 0x390);
static_assert(offsetof(SevEsSaveArea, guest_nrip) == 0x3A8);
static_assert(offsetof(SevEsSaveArea, sev_features) == 0x3B0);
static_assert(offsetof(SevEsSaveArea, vintr_ctrl) == 0x3B8);
static_assert(offsetof(SevEsSaveArea, guest_exit_code) == 0x3C0);
static_assert(offsetof(SevEsSaveArea, virtual_tom) == 0x3C8);
static_assert(offsetof(SevEsSaveArea, tlb_id) == 0x3D0);
static_assert(offsetof(SevEsSaveArea, event_inj) == 0x3E0);
static_assert(offsetof(SevEsSaveArea, xcr0) == 0x3E8);
static_assert(offsetof(SevEsSaveArea, x87_dp) == 0x400);
static_assert(offsetof(SevEsSaveArea, mxcsr) == 0x408);
static_assert(offsetof(SevEsSaveArea, x87_ftw) == 0x40C);
static_assert(offsetof(SevEsSaveArea, x87_fsw) == 0x40E);
static_assert(offsetof(SevEsSaveArea, x87_fcw) == 0x410);
static_assert(offsetof(SevEsSaveArea, x87_fop) == 0x412);
static_assert(offsetof(SevEsSaveArea, x87_ds) == 0x414);
static_assert(offsetof(SevEsSaveArea, x87_cs) == 0x416);
static_assert(offsetof(SevEsSaveArea, x87_rip) == 0x418);
static_assert(offsetof(SevEsSaveArea, fpreg_x87) == 0x420);
static_assert(offsetof(SevEsSaveArea, fpreg_xmm) == 0x470);
static_assert(offsetof(SevEsSaveArea, fpreg_ymm) == 0x570);
static_assert(offsetof(SevEsSaveArea, reserved_670) == 0x670);

}  // namespace confwl::measure
