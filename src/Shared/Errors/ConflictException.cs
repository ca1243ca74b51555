namespace RagMemory.Errors;

/// <summary>The request contradicts what is already stored; the API answers 409. An engine's refusal rides along as <paramref name="inner"/>.</summary>
public sealed class ConflictException(string message, Exception? inner = null) : Exception(message, inner);
