using System.Text;
using RagMemory.Answers;
using RagMemory.Errors;

namespace RagMemory.Portal.Components.Search;

/// <summary>
/// The answer panel's state while a model writes: the text so far, then the whole answer with its citations; or the
/// failure, as the API would have answered it; or that the reader stopped it. Only the latest answer changes the state:
/// starting another stops the one before, whose late updates are dropped.
/// </summary>
public sealed class AnswerWriter : IDisposable
{
    private readonly StringBuilder _text = new();
    private CancellationTokenSource? _current;

    /// <summary>An answer has been asked for since the last <see cref="Clear"/>: the panel shows.</summary>
    public bool Started { get; private set; }

    /// <summary>The model is still writing: the panel offers to stop it.</summary>
    public bool Writing { get; private set; }

    /// <summary>The reader stopped the answer before it was whole.</summary>
    public bool Stopped { get; private set; }

    public string Text => _text.ToString();

    /// <summary>The whole answer, once the model has finished.</summary>
    public Answer? Answer { get; private set; }

    public Failure? Problem { get; private set; }

    /// <summary>
    /// Writes the answer <paramref name="answer"/> streams, calling <paramref name="changed"/> after each piece so the
    /// panel shows it as it comes. Runs as a portal action (its own correlation id, its failure classified).
    /// </summary>
    public async Task WriteAsync(PortalAction action, Func<CancellationToken, IAsyncEnumerable<AnswerUpdate>> answer, Func<Task> changed)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(changed);
        var run = Begin();
        await changed();
        var problem = await action.RunAsync("answer", async () =>
        {
            try
            {
                await foreach (var update in answer(run.Token).WithCancellation(run.Token))
                {
                    if (!IsCurrent(run))
                    {
                        return;
                    }

                    Apply(update);
                    await changed();
                }
            }
            catch (OperationCanceledException) when (run.IsCancellationRequested)
            {
                // Stopped by the reader, or replaced by a newer answer: not a failure.
            }
        });
        if (!IsCurrent(run))
        {
            run.Dispose();
            return;
        }

        Stopped = run.IsCancellationRequested && Answer is null;
        Problem = problem;
        Writing = false;
        await changed();
    }

    /// <summary>Stops the answer being written; what was written stays.</summary>
    public void Stop()
    {
        if (Writing)
        {
            _current?.Cancel();
        }
    }

    /// <summary>Stops any answer and hides the panel (a new search that failed, say).</summary>
    public void Clear()
    {
        _current?.Cancel();
        _current = null;
        Reset();
    }

    public void Dispose()
    {
        _current?.Cancel();
        _current?.Dispose();
    }

    private CancellationTokenSource Begin()
    {
        _current?.Cancel();
        _current = new CancellationTokenSource();
        Reset();
        Started = true;
        Writing = true;
        return _current;
    }

    private void Reset()
    {
        _text.Clear();
        Answer = null;
        Problem = null;
        Stopped = false;
        Started = false;
        Writing = false;
    }

    private bool IsCurrent(CancellationTokenSource run) => ReferenceEquals(_current, run);

    private void Apply(AnswerUpdate update)
    {
        switch (update)
        {
            case AnswerDelta delta:
                _text.Append(delta.Text);
                break;
            case AnswerCompleted completed:
                Answer = completed.Answer;
                _text.Clear().Append(completed.Answer.Text);
                break;
        }
    }
}
