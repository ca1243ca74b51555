namespace RagMemory.Answers;

/// <summary>
/// An answer with the passages it cites and the model that wrote it. <see cref="NoPassageFound"/> says the search found
/// nothing to answer from (the model was told to say it does not know); <see cref="Usage"/> is the model's token count
/// when it reports one; <see cref="Fallback"/> is set when the configured model failed and another answerer stood in.
/// </summary>
public sealed record Answer(
    string Text,
    IReadOnlyList<Citation> Citations,
    string Model,
    bool NoPassageFound = false,
    AnswerUsage? Usage = null,
    AnswerFallback? Fallback = null);
