namespace RagMemory.Errors;

/// <summary>The request contradicts what is already stored; the API answers 409.</summary>
public sealed class ConflictException(string message) : Exception(message);
