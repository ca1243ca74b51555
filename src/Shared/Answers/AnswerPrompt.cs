using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace RagMemory.Answers;

/// <summary>
/// The prompt that asks a chat model to answer from numbered passages. Any OpenAI-compatible model reads it as plain
/// instructions; the extractive answerer reads the same text back with <see cref="TryParse"/>.
/// </summary>
public static partial class AnswerPrompt
{
    public const string Instructions =
        "Answer the question using only the numbered passages. Cite every passage you use as [n], right after the " +
        "sentence that relies on it. If the passages do not answer the question, or there are none, say that you do " +
        "not know; never answer from anything else.";

    /// <summary>Stands in the passage list when the search found none, so the model is told in so many words.</summary>
    public const string NoPassages = "(none: nothing in memory matches the question, so say that you do not know)";

    public static IReadOnlyList<ChatMessage> Build(string question, IReadOnlyList<string> passages)
    {
        var user = new StringBuilder();
        user.Append("Question: ").AppendLine(OneLine(question)).AppendLine().AppendLine("Passages:");
        for (var i = 0; i < passages.Count; i++)
        {
            user.Append(CultureInfo.InvariantCulture, $"[{i + 1}] ").AppendLine(OneLine(passages[i]));
        }

        if (passages.Count == 0)
        {
            user.AppendLine(NoPassages);
        }

        return [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, user.ToString())];
    }

    public static bool TryParse(IEnumerable<ChatMessage> messages, out string question, out IReadOnlyList<string> passages)
    {
        var text = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
        var questionMatch = QuestionLine().Match(text);
        question = questionMatch.Success ? questionMatch.Groups[1].Value.Trim() : string.Empty;
        passages = PassageLine().Matches(text).Select(m => m.Groups[2].Value.Trim()).ToList();
        return questionMatch.Success;
    }

    /// <summary>The passage numbers an answer cites, in order of first citation.</summary>
    public static IReadOnlyList<int> CitedPassages(string answer) =>
        Citation().Matches(answer).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().ToList();

    private static string OneLine(string text) => LineBreaks().Replace(text, " ").Trim();

    [GeneratedRegex(@"^Question: (.*)$", RegexOptions.Multiline)]
    private static partial Regex QuestionLine();

    [GeneratedRegex(@"^\[(\d+)\] (.*)$", RegexOptions.Multiline)]
    private static partial Regex PassageLine();

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex Citation();

    [GeneratedRegex(@"[\r\n]+")]
    private static partial Regex LineBreaks();
}
