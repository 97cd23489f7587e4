// The few DOM types the browser-side viewer uses.
//
// The project compiles against `lib: es2023` without the DOM library (adding it would leak `window`,
// `document`, … into every Node module of the program), so the viewer declares the slice of the
// DOM it needs here. These are structural types only: nothing in this file exists at run time.

export interface DomTokenList {
  add(...tokens: string[]): void;
  remove(...tokens: string[]): void;
  toggle(token: string, force?: boolean): boolean;
  contains(token: string): boolean;
}

export interface DomStyle {
  setProperty(name: string, value: string): void;
  gridColumn: string;
  gridRow: string;
  paddingLeft: string;
  display: string;
}

export interface DomRect {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly width: number;
  readonly height: number;
}

/** Keyboard and mouse events folded into one shape; read only what the event type carries. */
export interface DomEvent {
  readonly type: string;
  readonly target: DomElement | null;
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly clientX: number;
  readonly clientY: number;
  preventDefault(): void;
}

export interface DomNode {
  textContent: string | null;
  appendChild<T extends DomNode>(child: T): T;
}

export interface DomElement extends DomNode {
  id: string;
  className: string;
  title: string;
  hidden: boolean;
  tabIndex: number;
  scrollLeft: number;
  scrollTop: number;
  readonly clientWidth: number;
  readonly clientHeight: number;
  readonly offsetTop: number;
  readonly offsetHeight: number;
  readonly classList: DomTokenList;
  readonly style: DomStyle;
  readonly parentElement: DomElement | null;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
  removeAttribute(name: string): void;
  addEventListener(type: string, listener: (ev: DomEvent) => void): void;
  closest(selector: string): DomElement | null;
  getBoundingClientRect(): DomRect;
  scrollIntoView(options?: { block?: string; inline?: string }): void;
  replaceChildren(...nodes: DomNode[]): void;
}

export interface DomDocument {
  readonly body: DomElement;
  readonly documentElement: DomElement;
  readonly activeElement: DomElement | null;
  getElementById(id: string): DomElement | null;
  createElement(tag: string): DomElement;
  createTextNode(text: string): DomNode;
  addEventListener(type: string, listener: (ev: DomEvent) => void): void;
}

export interface DomWindow {
  readonly document: DomDocument;
  readonly location: { readonly hash: string };
  readonly history: { replaceState(data: null, unused: string, url: string): void };
  readonly performance: { now(): number };
  addEventListener(type: string, listener: (ev: DomEvent) => void): void;
  requestAnimationFrame(callback: () => void): number;
}
