namespace RagMemory.Errors;

/// <summary>Input that breaks a rule of the domain; the API answers 400 naming <see cref="Field"/>.</summary>
public sealed class InvalidInputException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
