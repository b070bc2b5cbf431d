/*
 * A stand-in for Windows' bcryptprimitives.dll, for the Wine smoke test only
 * (scripts/windows-smoke.sh). Rust's standard library gets its random numbers from
 * ProcessPrng in this DLL, which every Windows 10 and 11 has but Debian's Wine 8 lacks,
 * so sotay.exe would not even load there. This forwards to RtlGenRandom
 * (advapi32's SystemFunction036), which Wine has. Never shipped with sotay.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    /* RtlGenRandom takes a 32-bit length; fill larger buffers in pieces. */
    while (len > 0) {
        ULONG piece = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, piece))
            return FALSE;
        data += piece;
        len -= piece;
    }
    return TRUE;
}
