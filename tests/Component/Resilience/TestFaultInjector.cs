using System.Reflection;
using System.Runtime.ExceptionServices;

namespace RagMemory.Tests.Resilience;

/// <summary>
/// A test-only decorator for any port: every asynchronous call either reaches the real adapter, fails with an
/// IOException, or stalls until cancelled, as its <see cref="FaultSwitch"/> says. It stands between the adapter and the
/// resilience pipeline, where a failing engine would be.
/// </summary>
public class TestFaultInjector<T> : DispatchProxy
    where T : class
{
    private static readonly HashSet<string> Untouched = ["WaitForWorkAsync", "GetService", "Dispose", "get_Dimensions"];
    private static readonly MethodInfo FaultedOf = typeof(TestFaultInjector<T>).GetMethod(nameof(Faulted), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo SlowedOf = typeof(TestFaultInjector<T>).GetMethod(nameof(Slowed), BindingFlags.NonPublic | BindingFlags.Static)!;
    private T _inner = default!;
    private FaultSwitch _switch = default!;

    public static T Wrap(T inner, FaultSwitch faults)
    {
        var proxy = Create<T, TestFaultInjector<T>>();
        var injector = (TestFaultInjector<T>)(object)proxy;
        injector._inner = inner;
        injector._switch = faults;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var isTask = typeof(Task).IsAssignableFrom(targetMethod.ReturnType);
        var mode = isTask && !Untouched.Contains(targetMethod.Name) ? _switch.Next(targetMethod.Name) : FaultMode.Pass;
        if (mode == FaultMode.Pass && _switch.SlowCalls.Contains(targetMethod.Name))
        {
            var wait = Task.Delay(_switch.SlowBy, args?.OfType<CancellationToken>().FirstOrDefault() ?? CancellationToken.None);
            object? Call() => targetMethod.Invoke(_inner, args);
            return targetMethod.ReturnType == typeof(Task)
                ? SlowAsync(wait, Call)
                : SlowedOf.MakeGenericMethod(targetMethod.ReturnType.GetGenericArguments()[0]).Invoke(null, [wait, (Func<object?>)Call]);
        }

        if (mode == FaultMode.Pass)
        {
            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException exception) when (exception.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(exception.InnerException).Throw();
                throw;
            }
        }

        var cancellation = args?.OfType<CancellationToken>().FirstOrDefault() ?? CancellationToken.None;
        var fault = mode == FaultMode.Fail
            ? Task.FromException(new IOException($"Injected failure in {typeof(T).Name}.{targetMethod.Name}."))
            : Task.Delay(Timeout.Infinite, cancellation);
        return targetMethod.ReturnType == typeof(Task)
            ? fault
            : FaultedOf.MakeGenericMethod(targetMethod.ReturnType.GetGenericArguments()[0]).Invoke(null, [fault]);
    }

    private static async Task SlowAsync(Task wait, Func<object?> call)
    {
        await wait;
        await Unwrapped<Task>(call);
    }

    private static async Task<TResult> Slowed<TResult>(Task wait, Func<object?> call)
    {
        await wait;
        return await Unwrapped<Task<TResult>>(call);
    }

    private static TTask Unwrapped<TTask>(Func<object?> call)
    {
        try
        {
            return (TTask)call()!;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(exception.InnerException).Throw();
            throw;
        }
    }

    private static async Task<TResult> Faulted<TResult>(Task fault)
    {
        await fault;
        throw new InvalidOperationException("A fault task completed without failing.");
    }
}
