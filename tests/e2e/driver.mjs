// The small driver interface the shared flows (flows.mjs) are written against, so one flow runs
// in Chromium (Playwright) and in Firefox (WebDriver BiDi, tests/e2e-firefox/ff.mjs):
//   eval(fn, arg)          runs fn(arg) in the page, resolves to its (JSON) result
//   waitFor(fn, arg, ms)   resolves to fn(arg)'s first truthy result in the page
//   click(selector, n)     n real clicks (user gestures) on the element
// ff.mjs's `Page` is the Firefox driver as it is; `playwright(page)` adapts a Playwright page.

/** A Playwright page as a driver. */
export function playwright(page) {
  return {
    eval: (fn, arg) => page.evaluate(fn, arg),
    waitFor: async (fn, arg, ms = 10000) => (await page.waitForFunction(fn, arg, { timeout: ms })).jsonValue(),
    click: (selector, count = 1) => page.click(selector, { clickCount: count }),
  };
}
