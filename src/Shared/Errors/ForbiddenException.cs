namespace RagMemory.Errors;

/// <summary>The caller is known but may not do this (a namespace it may not read or write); the API answers 403.</summary>
public sealed class ForbiddenException(string message) : Exception(message);
