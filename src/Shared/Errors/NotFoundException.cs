namespace RagMemory.Errors;

/// <summary>The named resource does not exist; the API answers 404.</summary>
public sealed class NotFoundException(string message) : Exception(message);
