using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace DiscoveryGen.Build.Tasks.Analysis;

/// <summary>One IL instruction that names a metadata entity (a method, type, field, …) by token.</summary>
internal readonly struct TokenInstruction
{
    public TokenInstruction(ILOpCode opCode, EntityHandle operand)
    {
        OpCode = opCode;
        Operand = operand;
    }

    public ILOpCode OpCode { get; }

    public EntityHandle Operand { get; }
}

/// <summary>
/// Walks a method body's IL and returns the instructions with a metadata-token operand, in order. Operand sizes come
/// from <see cref="OpCodes"/> (the ECMA-335 table), so every opcode, including <c>switch</c>, is stepped over exactly.
/// </summary>
internal static class IlScanner
{
    private static readonly OpCode?[] OneByte = new OpCode?[0x100];
    private static readonly OpCode?[] TwoByte = new OpCode?[0x100];

    static IlScanner()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is OpCode code)
            {
                var value = (ushort)code.Value;
                if (code.Size == 1)
                {
                    OneByte[value] = code;
                }
                else
                {
                    TwoByte[value & 0xFF] = code;
                }
            }
        }
    }

    public static List<TokenInstruction> TokenInstructions(MethodBodyBlock body)
    {
        var result = new List<TokenInstruction>();
        var reader = body.GetILReader();
        while (reader.RemainingBytes > 0)
        {
            int value = reader.ReadByte();
            OpCode? code;
            if (value == 0xFE)
            {
                value = 0xFE00 | reader.ReadByte();
                code = TwoByte[value & 0xFF];
            }
            else
            {
                code = OneByte[value];
            }

            if (code is not { } op)
            {
                throw new BadImageFormatException($"Unknown IL opcode 0x{value:X} at offset {reader.Offset}.");
            }

            switch (op.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    reader.Offset += 1;
                    break;
                case OperandType.InlineVar:
                    reader.Offset += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    reader.Offset += 8;
                    break;
                case OperandType.InlineSwitch:
                    var count = reader.ReadInt32();
                    reader.Offset += 4 * count;
                    break;
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                    var token = reader.ReadInt32();
                    result.Add(new TokenInstruction((ILOpCode)value, MetadataTokens.EntityHandle(token)));
                    break;
                default:
                    // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR: a 4-byte operand that names no entity.
                    reader.Offset += 4;
                    break;
            }
        }

        return result;
    }
}
