namespace RagMemory.Evaluation;

public static class GradeScales
{
    public static int ToGain(this GradeScale scale, int grade) => scale switch
    {
        GradeScale.InverseOneToFour => grade is >= 1 and <= 4 ? 5 - grade : 0,
        _ => Math.Max(0, grade),
    };
}
