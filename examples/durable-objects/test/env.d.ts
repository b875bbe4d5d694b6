declare namespace Cloudflare {
  interface Env {
    APP: DurableObjectNamespace<import("../src/index.ts").TodoApp>;
  }
  interface GlobalProps {
    mainModule: typeof import("../src/index.ts");
  }
}
