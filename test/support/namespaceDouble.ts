// A double of the rooms' Durable Object namespace: it records what the Worker asks of it — which jurisdiction,
// which id for which name, which stub — and hands every call to the real namespace, so that the room it names
// runs for real. Local workerd has no jurisdictions, so a jurisdiction's namespace is the real one here.

export type NamespaceCall =
  | { call: "jurisdiction"; jurisdiction: string }
  | { call: "idFromName"; on: string; name: string; id: DurableObjectId }
  | { call: "get"; on: string; id: DurableObjectId };

export function namespaceDouble(real: DurableObjectNamespace): {
  namespace: DurableObjectNamespace;
  calls: NamespaceCall[];
} {
  const calls: NamespaceCall[] = [];
  /** `on`: the namespace called, "binding" or the jurisdiction it was restricted to. */
  const namespace = (on: string): DurableObjectNamespace =>
    ({
      jurisdiction(jurisdiction: DurableObjectJurisdiction) {
        calls.push({ call: "jurisdiction", jurisdiction });
        return namespace(jurisdiction);
      },
      idFromName(name: string) {
        const id = real.idFromName(name);
        calls.push({ call: "idFromName", on, name, id });
        return id;
      },
      get(id: DurableObjectId, options?: DurableObjectNamespaceGetDurableObjectOptions) {
        calls.push({ call: "get", on, id });
        return real.get(id, options);
      },
    }) as unknown as DurableObjectNamespace;
  return { namespace: namespace("binding"), calls };
}
