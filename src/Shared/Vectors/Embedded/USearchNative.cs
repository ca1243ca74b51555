using System.Reflection;
using System.Runtime.InteropServices;
using Cloud.Unum.USearch;

namespace RagMemory.Vectors.Embedded;

/// <summary>
/// The calls of USearch's C library that its C# binding lacks: reading and changing the search expansion of an index (a
/// loaded index otherwise searches with the library's default (64), because the file does not store it and the binding's
/// loading constructor takes no settings), and reserving capacity ahead of adds.
/// </summary>
internal static class USearchNative
{
    private const string Library = "libusearch_c";

    // The binding keeps the native index handle in this private field (Cloud.Unum.USearch 2.x, USearchIndex._index).
    private static readonly FieldInfo Handle = typeof(USearchIndex).GetField("_index", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("Cloud.Unum.USearch no longer keeps its native handle in USearchIndex._index; update USearchNative.");

    public static void ChangeExpansionSearch(USearchIndex index, int expansion)
    {
        usearch_change_expansion_search(HandleOf(index), (nuint)expansion, out var error);
        ThrowOn(error);
    }

    public static int ExpansionSearch(USearchIndex index)
    {
        var expansion = usearch_expansion_search(HandleOf(index), out var error);
        ThrowOn(error);
        return checked((int)expansion);
    }

    public static void Reserve(USearchIndex index, long capacity)
    {
        usearch_reserve(HandleOf(index), checked((nuint)capacity), out var error);
        ThrowOn(error);
    }

    private static IntPtr HandleOf(USearchIndex index) => (IntPtr)Handle.GetValue(index)!;

    private static void ThrowOn(IntPtr error)
    {
        if (error != IntPtr.Zero)
        {
            throw new USearchException(Marshal.PtrToStringAnsi(error) ?? "USearch failed.");
        }
    }

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void usearch_change_expansion_search(IntPtr index, nuint expansion, out IntPtr error);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void usearch_reserve(IntPtr index, nuint capacity, out IntPtr error);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern nuint usearch_expansion_search(IntPtr index, out IntPtr error);
}
