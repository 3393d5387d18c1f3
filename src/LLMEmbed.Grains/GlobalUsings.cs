// One label record: the state stores the contract's LabelInfo (same fields, same serializer ids);
// the alias keeps older code that names it LabelRecord compiling.
global using LabelRecord = LLMEmbed.Grains.Abstractions.Tenants.LabelInfo;
