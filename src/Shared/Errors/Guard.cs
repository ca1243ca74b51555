namespace RagMemory.Errors;

/// <summary>Input checks shared by the API and the portal, so both refuse the same things with the same words.</summary>
public static class Guard
{
    public static void Limit(int limit, string field = "limit", int max = 100)
    {
        if (limit < 1 || limit > max)
        {
            throw new InvalidInputException(field, $"'{field}' must be between 1 and {max} (got {limit}).");
        }
    }

    public static void Vector(ReadOnlySpan<float> vector, int dimensions, string field)
    {
        if (vector.Length != dimensions)
        {
            throw new InvalidInputException(field, $"'{field}' must have {dimensions} numbers (got {vector.Length}).");
        }

        for (var i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                throw new InvalidInputException(field, $"'{field}' must hold finite numbers only (position {i} is not).");
            }
        }
    }

    public static void Text(string? text, int maxLength, string field = "text")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidInputException(field, $"'{field}' must not be empty.");
        }

        if (text.Length > maxLength)
        {
            throw new InvalidInputException(field, $"'{field}' must be at most {maxLength} characters (got {text.Length}).");
        }
    }
}
