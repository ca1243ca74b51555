namespace RagMemory.Vectors.Embedded;

/// <summary>
/// The HNSW graph's shape: links per node (connectivity, M) and the candidate lists kept while adding and searching
/// (ef). Larger means higher recall, more memory and slower adds and searches.
/// </summary>
public sealed record HnswSettings(int Connectivity = 16, int ExpansionAdd = 128, int ExpansionSearch = 96);
