//! The catalogue in Japanese (`Locale::Ja`), for the APJC region's analysts: every [`Label`] and
//! every [`Text`] of `text.rs`, as `match`es with no wildcard arm, so a label or sentence added
//! there without its Japanese here does not compile. Product, API and scope names stay in Latin
//! letters ("Threat Response", "XDR", "Inspect", "enrich:read"); Japanese has no plural forms,
//! and numbers are grouped by thousands as in English (`Locale::number`).

use super::errors::{ErrorText, TriggerFlaw, UrlField, UrlFlaw};
use super::text::{Label, Locale, Part, Text};

pub(super) fn label_ja(l: Label) -> &'static str {
    use Label::*;
    match l {
        // ----- the respond view -----
        listActions => "対応アクションを一覧表示",
        jumpToActions => "アクションへ移動",
        observablesHeading => "観測対象",
        actionsHeading => "対応アクション",
        finding => "観測対象を検索しています…",
        askingActions => "モジュールに対応アクションを問い合わせています…",
        noActions => "これらの観測対象に対応アクションを提供するモジュールはありません。",
        defanged => "無害化表記",
        defangedTitle => "元の文書で無害化表記されていました",
        unwrappedTitle => "書き換えられたリンクから復元しました",
        referenceHost => "参照ホスト",
        referenceTitle => "サンドボックス、検索エンジン、メールゲートウェイ、コンソール：脅威ではなく文脈情報のため、チェックを付けていません",
        verdictPending => "判定…",
        verdictPendingTitle => "エンリッチメントモジュールに問い合わせています",
        sightingsPending => "サイティング…",
        sightingsPendingTitle => "どこで確認されたかを問い合わせています",
        showPivots => "ピボットを表示",
        enrichScope => "判定とピボット（サイティングも）には enrich:read スコープが必要です。Threat Response / XDR の API クライアントにこのスコープを追加すると、ここに表示されます。対応アクションはこのスコープがなくても実行できます。",
        verdictsTitle => "各モジュールの判定を表示",
        noVerdictTitle => "この観測対象に判定を出したモジュールはありません",
        noVerdict => "この観測対象に判定を出したモジュールはありません。",
        pivotsGeneral => "ピボット：",
        pivotInert => "（https リンクではないため開きません）",
        run => "実行…",
        runAction => "アクションを実行",
        cancel => "キャンセル",
        escCancels => " Esc キーでキャンセル",
        unicodeFormTitle => "この国際化ドメイン名の Unicode 表記。モジュールは隣の xn-- 表記に対して実行します",
        generalActions => "特定の観測対象に属さないアクション",
        // ----- casebook, Investigate, sightings -----
        investigateAll => "すべてを XDR で調査",
        investigate => "調査",
        saveToCasebookFirst => "先にケースブックに保存してください",
        tooLongForLink => "Investigate リンクにするには長すぎます。",
        noSighting => "お使いの環境でのサイティングを報告したモジュールはありません",
        showWhereSeen => "確認された場所を表示",
        noHostNamed => "ホストやアカウントの記載はありません。",
        casebookToggle => "ケースブックに追加…",
        casebookTitle => "ケースブックのタイトル",
        casebookTitleLabel => "タイトル ",
        casebookPageUrl => " このページのアドレスを説明に追加",
        casebookSearch => "ケースブックを検索（単語単位）",
        casebookSearchLabel => "ケースブックを単語単位で検索",
        casebookNotePlaceholder => "メモ（任意）",
        casebookNote => "メモ",
        casebookCreate => "ケースブックを作成",
        casebookAdd => "ケースブックに追加",
        casebookNew => " 新しいケースブック",
        casebookExisting => " 既存のケースブック",
        casebookLoading => "ケースブックを読み込んでいます…",
        casebookNone => "ケースブックが見つかりません。",
        casebookCreating => "ケースブックを作成しています…",
        casebookAdding => "ケースブックに追加しています…",
        casebookOpen => "XDR で開く",
        casebookChoose => "一覧からケースブックを選ぶか、新しく作成してください。",
        // ----- the extension's respond window -----
        outcomeUnknown => "結果不明：アクションが実行されたかどうか分かりません。もう一度実行する前に、モジュール側で確認してください。",
        openOptions => "拡張機能のオプションを開く",
        signInAgain => "もう一度サインイン",
        notSetUp => "未設定",
        notSignedIn => "未サインイン",
        scanThisPage => "このページをスキャン",
        // ----- the options page -----
        legendShared => "API クライアント（クライアント資格情報）",
        legendSignIn => "サインイン用の OAuth クライアント（認可コード方式のクライアント ID）",
        secretShared => "クライアントシークレット",
        secretSignIn => "クライアントパスワード（コンフィデンシャルクライアントのみ）",
        rememberShared => "シークレットの保存",
        rememberSignIn => "パスワードの保存",
        signInFirst => "Cisco XDR アカウントでサインイン",
        notSignedInLine => "サインインしていません。",
        signingIn => "サインインしています…",
        signedIn => "サインインしました。",
        signedOut => "サインアウトしました。",
        saved => "保存しました。",
        testing => "テストしています…",
        scopeGranted => "付与済み",
        scopeMissing => "不足",
        // ----- the scan panel -----
        nextTitle => "次の出現箇所までページをスクロール",
        next => "次へ \u{2193}",
        pivots => "ピボット",
        scanDefangedTitle => "ページ上で無害化表記されていました",
        notVisible => "非表示",
        notVisibleTitle => "ページのスタイルがすべての出現箇所を隠しています（透明、極小、切り抜き、画面外）：「表示中をすべて選択」では選択されません",
        scanReferenceTitle => "サンドボックス、検索エンジン、メールゲートウェイ、コンソール：文脈情報のため「表示中をすべて選択」では選択されません",
        noPivots => "ピボットはありません。",
        noHighlights => "このブラウザーは CSS Custom Highlight API に対応していません：ページ上では何も強調表示されず、見つかったものはすべてここに一覧表示されます。",
        bulkAsking => "選択した観測対象で実行できるアクションを問い合わせています…",
        bulkNone => "選択した観測対象に提供される対応アクションはありません。",
        bulkChoose => "実行するアクションを選んでください：",
        review => "確認…",
        confirmAndRun => "確認して実行",
        stop => "停止",
        continueRun => "未実行の行を続けて実行…",
        preparing => "確認内容を準備しています…",
        bulkAuditChoose => "監査メモがオンです：各行のメモを書き込むケースブックを選んでください。",
        bulkAuditNone => "ケースブックが選ばれていません：この実行では監査メモは書き込まれません。",
        // ----- the portal element and the demo page -----
        respond => "対応",
        close => "閉じる",
        inspectTitle => "テキストを Threat Response Inspect にも送信します（送信しない場合、ページから送られるのは操作する観測対象だけです）",
        alsoInspect => " Inspect にも問い合わせる",
        couldNotStart => "開始できませんでした。",
        missingProvider => "トークンプロバイダーもプロキシもありません：proxy 属性を追加して base-url にポータルの転送パスを設定する（推奨）か、要素の tokenProvider プロパティに、バックエンドから { accessToken, expiresIn } を返す async 関数を設定してください。",
        // ----- the pages' static words -----
        optionsLink => "オプション",
        textLabel => "調べるテキスト",
        textPlaceholder => "インジケーター（IP、ドメイン、URL、ハッシュ、メールアドレス）を含むテキストを貼り付けてください",
        findObservables => "観測対象を検索",
        scanPageTitle => "SecureX Respond：スキャン",
        scanHeading => "スキャン",
        clearTitle => "このスキャンがページに付けた強調表示をすべて消去",
        clearHighlights => "強調表示を消去",
        verdictColours => "判定の色",
        showVerdictColours => " ページに判定の色を表示",
        coloursWarning => "ページが判定を読み取れる状態です：ページ自身のスクリプトから、各インジケーターがどの強調表示に入っているか、その色が分かります。信頼できないページ（フィッシングキット、C2 パネル、インジケーターフィード）ではオフにしてください。",
        typeFilter => "種類 ",
        verdictFilter => "判定 ",
        filterAll => "すべて",
        selectShown => "表示中をすべて選択",
        selectNone => "選択を解除",
        respondSelected => "選択した項目に対応",
        bulkRun => "一括実行",
        colSelected => "選択",
        colObservable => "観測対象",
        colType => "種類",
        colOnPage => "ページ内",
        colVerdict => "判定",
        colGoto => "移動、ピボット",
        optionsPageTitle => "SecureX Respond \u{2014} オプション",
        noTelemetry => "テレメトリーは送信しません：データは、操作したときにだけ組織の Threat Response / XDR に送られます。",
        privacyPolicy => "プライバシーポリシー",
        howToConnect => "接続方法",
        recommended => "（推奨）",
        signInWhy => "ご自身として操作します：このブラウザーに共有シークレットは置かれず、すべてのアクションはあなたの名前で記録されます。必要なのは、組織の認可コード方式 OAuth クライアントのクライアント ID だけです（管理者が把握しています）。",
        sharedClient => " 共有 API クライアント（クライアント ID とシークレット）",
        whereClient => "API クライアントの場所",
        region => "リージョン",
        customBaseUrl => "カスタムのベース URL…",
        baseUrl => "ベース URL",
        privateIntelUrl => "プライベートインテリジェンスの URL",
        privateIntelPlaceholder => "https://private.intel.example.com（ケースブック用、任意）",
        clientId => "クライアント ID",
        onThisDevice => " このデバイスに保存",
        thisSessionOnly => " このブラウザーセッションの間だけ",
        yourSignIn => "サインイン",
        staySignedIn => " このデバイスでサインインしたままにする",
        stayWhy => "オンにすると、サインアウトするまでサインイン情報がこのコンピューターのディスク（このブラウザープロファイル内）に保存され、ブラウザーを閉じてもサインインしたままになります。このブラウザープロファイルを使う人は誰でもあなたとして操作できます。オフにすると、ブラウザーを閉じるまでしか保持されず、その後はもう一度サインインします。",
        redirectUrl => "このブラウザーのリダイレクト URL（管理者が OAuth クライアントに登録します）：",
        signOut => "サインアウト",
        respondViewLegend => "対応ビュー",
        enrichTitle => "任意の enrich:read スコープが必要です。すぐに保存されます。",
        enrichOption => " 判定とピボットを表示（対応ごとに API 呼び出しが 1 回増えます。ピボットは開いたときだけ）",
        sightingsTitle => "enrich:read が必要です。すぐに保存されます。",
        sightingsOption => " お使いの環境でのサイティングを表示（「N 台のホストで確認」、判定と同じ呼び出しから）",
        auditTitle => "casebook または private-intel スコープが必要です。すぐに保存されます。",
        auditOption => " 確認したアクションのたびに、選んだケースブックへ監査メモを追記（アクションごとに API 呼び出しが 1 回増えます）",
        language => "言語",
        languageTitle => "拡張機能のページの言語です。すぐに保存され、次に開くページから使われます。",
        languageBrowser => "ブラウザーの設定に従う",
        save => "保存",
        testConnection => "接続をテスト",
        footShared => "シークレットはこの拡張機能のバックグラウンドワーカーとストレージの中にとどまり、Web ページからは見えません。アクセストークンはこのブラウザーセッションの間だけ保持されます。",
        footSignIn => "サインイン情報（コンフィデンシャルクライアントの場合はそのパスワードも）はこの拡張機能のバックグラウンドワーカーとストレージの中にとどまり、Web ページからは見えません。アクセストークンはこのブラウザーセッションの間だけ保持され、すべてのアクションはあなたとして実行されます。",
        // ----- the first-run page -----
        onboardTitle => "SecureX Respond のセットアップ",
        onboardIntro => "接続方法、組織の Threat Response / XDR の場所、接続テスト、サンプルでの試用の数ステップです。保存またはテストするまで何も送信されません。",
        onboardIntroManaged => "この拡張機能は組織が管理しています。接続をテストしてから、サンプルで試してください。",
        onboardAllSet => "管理者が接続を設定済みです。求められたらサインインし、テストしてから、サンプルで拡張機能を試してください。",
        onboardModeHeading => "接続方法",
        onboardModeHelp => "このブラウザーから組織の Threat Response / XDR に接続する方法を選んでください。",
        onboardSignIn => "Cisco XDR アカウントでサインイン（推奨）",
        onboardSignInModeHelp => "あなた自身として操作します。このブラウザーに共有シークレットは置かれず、すべてのアクションがあなたの名前で記録されます。",
        onboardShared => "共有 API クライアント（クライアント ID とシークレット）",
        onboardSharedHelp => "組織の API クライアント 1 つを使います。そのシークレットは拡張機能のバックグラウンドワーカーの中にとどまります。",
        onboardRegionHeading => "組織の Threat Response / XDR の場所",
        onboardRegionHelp => "組織のアカウントのリージョン、またはプライベート環境のベース URL。",
        onboardRegion => "リージョン",
        onboardCustom => "カスタム ベース URL…",
        onboardBaseUrl => "ベース URL",
        onboardClientHeading => "API クライアント",
        onboardClientHeadingSignIn => "組織の OAuth クライアント",
        onboardClientHelpShared => "管理者が Threat Response / XDR で作成した API クライアントのクライアント ID とシークレット。",
        onboardClientHelpSignIn => "組織の認可コード OAuth クライアントのクライアント ID（管理者が知っています）。パスワードはコンフィデンシャルクライアントの場合のみ。",
        onboardClientId => "クライアント ID",
        onboardSave => "保存",
        onboardSaved => "保存しました。次に接続をテストしてください。",
        onboardSignInHeading => "サインイン",
        onboardSignInHelp => "ブラウザーが組織のサインインページを開きます。サインイン情報は拡張機能のバックグラウンドワーカーが保持します。",
        onboardTestHeading => "接続のテスト",
        onboardTestHelp => "組織の API にトークンを 1 回要求し、拡張機能に必要なスコープをクライアントが持っているかを確認します。",
        onboardTest => "接続をテスト",
        onboardSampleHeading => "サンプルで試す",
        onboardSampleHelp => "無害なサンプルのインジケーター（ドキュメント用アドレスと example.com）で、コンテキストメニューが選択範囲に対して行うのと同じように対応ビューを開きます。アクションは確認するまで実行されません。",
        onboardSample => "サンプルで試す",
        onboardOpened => "対応ビューが別ウィンドウで開きました。これからは、任意のページでテキストを選択し、右クリックして「選択範囲に対応」を選んでください。",
        onboardNeedsSave => "先に接続を保存してください。",
        onboardNeedsSignIn => "先にサインインしてください。",
        onboardNeedsTest => "先に接続をテストしてください。",
        onboardOptions => "すべてのオプション",
        onboardReopen => "セットアップガイド",
    }
}

fn num(n: u64) -> String {
    Locale::Ja.number(n)
}

/// 「…」 around a name (an action's title, a casebook), as Japanese quotes it.
fn q(s: &str) -> String {
    format!("\u{300c}{s}\u{300d}")
}

/// " サインイン中: …" after a connection line (sign-in mode only: `Some`).
fn who_ja(user: &Option<Option<String>>) -> String {
    match user {
        None => String::new(),
        Some(u) => text_ja(&Text::SignedInAs { user: u.clone() }),
    }
}

pub(super) fn text_ja(t: &Text) -> String {
    use Text::*;
    match t {
        UnwrappedFrom { from } => format!("{from} から復元"),
        VerdictTime { valid: Some(v), .. } => v.clone(),
        VerdictTime { valid: None, end_time } => format!("{} まで", end_time.as_deref().unwrap_or("")),
        EnrichUnavailable { part, message } => {
            let what = match part {
                Part::Verdicts => "判定",
                Part::Sightings => "サイティング",
                Part::Pivots | Part::Actions => "ピボット",
            };
            format!("{what}を取得できません：{message}")
        }
        ModuleNote { module, part: Part::Actions, message, .. } => format!("{}：{message}", module.as_deref().unwrap_or("あるモジュール")),
        ModuleNote { module, part, message, warning } => {
            let who = match (module, part) {
                (Some(m), _) => m.as_str(),
                (None, Part::Verdicts) => "判定モジュール",
                (None, Part::Sightings) => "サイティングのモジュール",
                (None, Part::Pivots | Part::Actions) => "ピボットモジュール",
            };
            let what = if *part == Part::Sightings { "（サイティング）" } else { "" };
            format!("{who}{what}：{message}{}", if *warning { "（警告）" } else { "" })
        }
        ModuleError { warning, message } => format!("{}：{message}", if *warning { "警告" } else { "エラー" }),
        ReferenceFold { value } => format!("この参照ホスト（{value}）のアクションを表示"),
        Target { kind, value } => format!("{kind} {value}"),
        Confirm { title, module, target } => match target {
            Some((kind, value)) => format!("{module} の{}を {kind} {}に対して実行しますか？", q(title), q(value)),
            None => format!("{module} の{}を実行しますか？", q(title)),
        },
        Running { title } => format!("{}を実行しています…", q(title)),
        Succeeded { title, module } => format!("完了：{}が成功しました（{module}）。", q(title)),
        Failed { title, module } => format!("{}が失敗しました（{module}）。", q(title)),
        AuditFailed { message } => format!("監査メモを書き込めませんでした：{message}"),
        AuditAdded { casebook, text } => format!("{}に監査メモを追加しました：{text}", q(casebook)),
        MissingScopes { scopes } => format!("不足しているスコープ：{}", scopes.join(", ")),
        RetryIn { seconds } => format!("{} 秒後に再試行してください", num(*seconds)),
        TraceId { trace } => format!("トレース ID：{trace}"),
        NoAnswer { cause: Some(c) } => format!("拡張機能のバックグラウンドワーカーが応答しませんでした（{c}）。もう一度お試しください。"),
        NoAnswer { cause: None } => "拡張機能のバックグラウンドワーカーが応答しませんでした。もう一度お試しください。".into(),
        MayHaveRun { message } => format!("{message} アクションが実行されたかどうか分かりません：もう一度実行する前に、モジュール側で確認してください。"),
        MoreActions { n, verdict } => format!("その他：{verdict} と判定された観測対象へのアクション {} 件", Locale::Ja.number(*n)),
        ConfirmRated { question, verdict, modules } => {
            format!("{question} この観測対象は {} 個のモジュールで {verdict} と判定されています：脅威ではない可能性が高いです。", Locale::Ja.number(*modules))
        }
        InvestigateUnavailable { message } => format!("Investigate リンクを作れません：{message}"),
        LastSeen { when } => format!(" 最終確認 {when}"),
        Sightings { count, facts } => format!("サイティング {} 件：{facts}", num(*count)),
        CasebookDone { created, title, observables } => {
            format!("{}{}（観測対象 {} 件）。", q(title), if *created { "を作成しました" } else { "に追加しました" }, num(*observables))
        }
        ConnSignedIn { host, user } => format!("{host} · {}", user.as_deref().filter(|u| !u.is_empty()).unwrap_or("サインイン済み")),
        SignedInAs { user } => match user.as_deref().filter(|u| !u.is_empty()) {
            Some(u) => format!("{u} としてサインインしています。"),
            None => "サインインしています（サーバーから名前は返されませんでした）。".into(),
        },
        SignedOutNotTold { error } => format!("ここではサインアウトしましたが、サーバーに通知できませんでした：{error}"),
        ConnectedLacks { base_url, scopes, user } => format!(
            "{base_url} に接続しましたが、API クライアントに次のスコープがありません：{}。Threat Response / XDR で API クライアントに追加してください。{}",
            scopes.join(", "),
            who_ja(user)
        ),
        ConnectedOk { base_url, user } => format!("{base_url} に接続しました。API クライアントに必要なスコープがそろっています。{}", who_ja(user)),
        GrantedScopes { scopes } if scopes.is_empty() => "付与されたスコープ：（なし）".into(),
        GrantedScopes { scopes } => format!("付与されたスコープ：{}", scopes.join(" ")),
        ScopeWhy { scope } => match scope.as_str() {
            "inspect:read" => "Inspect API で観測対象を検索する",
            "response" => "対応アクションを一覧表示して実行する",
            "enrich:read" => "任意：判定、ピボット、サイティング",
            "casebook" => "任意：ケースブックと監査メモ（casebook または private-intel）",
            _ => "",
        }
        .into(),
        SelectValue { value } => format!("{value} を選択"),
        Occurrences { n } => format!("\u{d7}{}", num(*n)),
        Selected { n } => format!("{} 件選択", num(*n)),
        ScanSummary { observables, occurrences, nodes } => {
            format!("観測対象 {} 件、出現 {} 回（テキストノード {} 個）。", num(*observables), num(*occurrences), num(*nodes))
        }
        PageChanged { occurrence, value } => {
            format!("スキャン後にページが {value} の {} 番目の出現箇所を変更したため、スキップしました（スクロールしません）。", num(*occurrence))
        }
        PivotsUnavailable { message } => format!("ピボットを取得できません：{message}"),
        VerdictsUnavailable { message } => format!("判定を取得できません：{message}"),
        BulkAudit { casebook, notes } => {
            format!("監査メモは{}に書き込まれます：1 行につき 1 件、そのたびに API 呼び出しが 1 回増えます（追加 {} 回）。", q(casebook), num(*notes))
        }
        AuditCounts { written, failed } => format!("監査メモ：書き込み {} 件、失敗 {} 件。", num(*written), num(*failed)),
        DemoConnected { base_url } => format!("{base_url} に接続しました（トークンはデモのバックエンド経由。このページにシークレットはありません）。"),
        // ----- the extension's worker -----
        MenuRespond {} => "選択範囲に対応".into(),
        MenuScan {} => "このページのインジケーターをスキャン".into(),
        IconOn {} => "SecureX Respond：テキストを貼り付け".into(),
        IconOff {} => "SecureX Respond：未接続（オプションを開いてください）".into(),
        CallEnded {} => "送信していません：待機中にサインアウト（または再サインイン）されました。".into(),
        WindowNotOpened { cause } => format!("対応ウィンドウが開きませんでした（{cause}）。"),
        SignInWindowClosed { cause } => format!("サインインが終わる前にサインイン ウィンドウが閉じられました（{cause}）。もう一度サインインしてください。"),
        StorageFailed { cause } => format!("拡張機能がストレージを使えませんでした（{cause}）。拡張機能を再読み込みしてから、もう一度お試しください。"),
        VerdictsNeedClick {} => "送信していません：スキャンで追加の観測対象の判定を取得するのは、クリックしたときだけです。".into(),
        RunUnreadable {} => "保存された一括実行を読み取れません：スキャン パネルからもう一度開始してください。".into(),
        ScanUnreadable { cause } => format!(
            "このページはスキャンできません：ブラウザーが拡張機能による読み取りを許可していません（ブラウザー自身のページ、拡張機能ストア、他の拡張機能）。テキストをコピーして、ツールバーのポップアップに貼り付けてください{}",
            cause.as_deref().map_or("。".to_string(), |c| format!("（{c}）。"))
        ),
        ScanGone {} => "このスキャンはもう利用できません：ページをもう一度スキャンしてください。".into(),
        ScanLeftOut { left, total, megabytes } => format!(
            "観測対象 {total} 件のうち {left} 件を除外しました：このパネルに保持できる量（{megabytes} MB）を超えて見つかりました。残りに対応するには、ページの一部を選択して「{}」を使ってください。",
            text_ja(&MenuRespond {})
        ),
    }
}

fn opt(o: &Option<String>, f: impl Fn(&str) -> String) -> String {
    o.as_deref().map(f).unwrap_or_default()
}

fn url_flaw_ja(w: &UrlFlaw) -> String {
    use UrlFlaw::*;
    match w {
        NoScheme => "https:// のスキームがありません".into(),
        NoHost => "ホストがありません".into(),
        OnlySchemeHostPort => "スキーム、ホスト、ポート以外は指定できません（パス、クエリー、ユーザー、空白は不可）".into(),
        PlainHttp => "http はループバックアドレス（127.0.0.1～127.255.255.255、[::1]、localhost）でのみ使用できます。https を使用してください".into(),
        NotHttps => "スキームは https である必要があります".into(),
        PercentEscape => "ホストにパーセントエスケープ（%）が含まれています。ホスト名はそのまま記述してください".into(),
        PortNotNumber => "ポートが数値ではありません".into(),
        NoClosingBracket => "IPv6 アドレスに閉じ括弧 ] がありません".into(),
        OnlyPortAfterIpv6 => "IPv6 アドレスの後ろに指定できるのは :ポート番号だけです".into(),
        BadIpv6 => "IPv6 アドレスが正しくありません".into(),
        BadHostChars => "ホスト名に使用できない文字が含まれています".into(),
        PathNeedsOrigin => "パスだけを指定するにはページのオリジンが必要ですが、このページにはオリジンがありません".into(),
        DotSegment => "パスに空のセグメント、「.」、「..」が含まれています".into(),
        BadPathChars => "パスのスラッシュの間に使用できるのは英数字と -、_、.、~ だけです（クエリー、フラグメント、パーセントエスケープ、空白は不可）".into(),
        OtherOrigin { page } => format!(
            "このページのオリジン（{page}）上にありません。呼び出しはポータルのバックエンドが転送し、ブラウザーはポータルのセッション Cookie をポータル自身のオリジンにしか送信しません"
        ),
    }
}

fn trigger_flaw_ja(w: TriggerFlaw) -> &'static str {
    use TriggerFlaw::*;
    match w {
        NotTriggerPath => "/respond/trigger/ のパスではありません",
        Fragment => "フラグメントが含まれています",
        ObservableTwice => "観測対象を複数回指定しています",
        Spaces => "空白または制御文字が含まれています",
        NotModuleAndAction => "モジュールインスタンスとアクションをちょうど 1 つずつ指定していません",
        BadIdChars => "モジュールインスタンスまたはアクションの ID に、実際の ID にはない文字が含まれています",
    }
}

#[cfg(feature = "extension")]
/// "OAuth クライアントパスワード" for "クライアントシークレット" in a refusal about a sign-in's password.
fn password_ja(s: String) -> String {
    s.replace("クライアントシークレット", "OAuth クライアントパスワード")
}

pub(super) fn error_ja(t: &ErrorText) -> String {
    use ErrorText::*;
    match t {
        Duration { seconds: s } => match *s {
            0..=1 => "1 秒".into(),
            2..=119 => format!("{s} 秒"),
            120..=7199 => format!("{} 分（{s} 秒）", s.div_ceil(60)),
            _ => format!("{} 時間（{s} 秒）", s.div_ceil(3600)),
        },
        BodyEmpty => "空の本文".into(),
        BodyHtml => "HTML ページ".into(),
        BodyUnexpectedJson => "想定外の形式の JSON".into(),
        BodyNotJson => "JSON ではない本文".into(),
        RateLimitedRetry { limit, wait } => format!(
            "組織の Threat Response のレート制限{}に達しました（組織のすべての API クライアントで共有）。{wait}後にもう一度お試しください。",
            limit.map(|l| format!("（1 時間あたり {} リクエスト）", num(l))).unwrap_or_default()
        ),
        RateLimitedWait => "組織の Threat Response のレート制限に達しました（組織のすべての API クライアントで共有）。数分待ってから、もう一度お試しください。".into(),
        TokenRejectedTwice => "Threat Response が、新しく取得したものも含めてアクセストークンを 2 回拒否しました。API クライアントが無効化または削除された可能性があります。XDR（Administration → API Clients）で確認してください。".into(),
        ScopeRefusedGeneric => "この API クライアントには Threat Response のこの機能を使用する権限がありません。XDR で API クライアントを編集し、スコープ inspect:read と response を付与してください。".into(),
        ScopeMissing { scopes } => format!(
            "API クライアントにスコープ {} がありません。XDR（Administration → API Clients）で API クライアントを編集してスコープを追加し、もう一度お試しください。",
            scopes.join(", ")
        ),
        AccessRefused { detail } => format!(
            "Threat Response がアクセスを拒否しました（HTTP 403{}）。API クライアントにスコープ inspect:read と response があるか確認してください。",
            opt(detail, |d| format!("：{d}"))
        ),
        InvalidRequest { status, detail } => format!(
            "Threat Response がリクエストを無効として拒否しました（HTTP {status}）{}。選択したテキストまたは観測対象を確認してください。",
            opt(detail, |d| format!("：{d}"))
        ),
        ServerError { status, trace } => format!(
            "Threat Response でサーバーエラーが発生しました（HTTP {status}{}）。しばらくしてからもう一度お試しください。解決しない場合は Cisco のステータスページを確認してください{}。",
            opt(trace, |t| format!("、トレース ID {t}")),
            if trace.is_some() { "。Cisco サポートにはトレース ID をお伝えください" } else { "" }
        ),
        NotFound { detail } => format!(
            "Threat Response から「見つかりません」（HTTP 404）と応答がありました{}。モジュールまたはアクションが削除された可能性があります。アクションの一覧を再読み込みしてください。",
            opt(detail, |d| format!("：{d}"))
        ),
        NotAnApiAnswer { host, status, body } => {
            format!("{host} からの応答（HTTP {status}）は{body}で、Threat Response API の応答ではありません。リージョンまたはベース URL を確認してください。")
        }
        UnreadableAnswer { what, body } => format!(
            "Threat Response が {what} リクエストに対して、仕様どおりの応答ではなく{body}を返しました。もう一度お試しください。解決しない場合は、リージョンまたはベース URL を確認してください。"
        ),
        BudgetLeft { left, limit: Some(l) } => format!(
            "組織の API 呼び出しは、この 1 時間で {} 回中あと {} 回です（組織のすべてのユーザーと連携で共有）。",
            num(*l),
            num(*left)
        ),
        BudgetLeft { left, limit: None } => format!("組織の API 呼び出しは、この 1 時間であと {} 回です（組織のすべてのユーザーと連携で共有）。", num(*left)),
        NoObservables => "観測対象が選択されていません。IP、ドメイン、URL、ハッシュ、メールアドレスを 1 つ以上選択してください。".into(),
        TooManyObservables { n, max } => format!(
            "観測対象が {} 件選択されていますが、一度に送信できるのは {} 件までです。選択を一部解除するか、選択するテキストを減らしてください。",
            num(*n),
            num(*max)
        ),
        EmptyObservable => "種類または値が空の観測対象があります。観測対象には両方が必要です（例：{type: \"domain\", value: \"example.com\"}）。".into(),
        ObservablesNotJson => "観測対象を JSON に変換できませんでした。".into(),
        NothingToLookAt => "テキストが空のため、調べる対象がありません。IP、ドメイン、URL、ハッシュ、メールアドレスを含むテキストを選択するか貼り付けてください。".into(),
        NothingToInspect => "テキストが空のため、Inspect に送る対象がありません。IP、ドメイン、URL、ハッシュ、メールアドレスを含むテキストを選択するか貼り付けてください。".into(),
        InspectTooLong { kb, max_kb } => format!(
            "テキストは {} KB ですが、Inspect が 1 回に受け付けるのは {} KB までです。範囲を狭めて選択するか、上限のないローカル抽出を使用してください。",
            num(*kb),
            num(*max_kb)
        ),
        NothingToInvestigate => "調査する対象がありません。観測対象を 1 つ以上含むテキストを選択するか貼り付けてください。".into(),
        RegionAndBaseUrl => "region と baseUrl はどちらか一方だけを指定してください。".into(),
        NoRegion => "region も baseUrl も指定されていません。region に \"us\"、\"eu\"、\"apjc\" のいずれか（API クライアントを作成したリージョン）を指定してください。".into(),
        ProxyNoRegion => "プロキシモードでは region ではなく baseUrl に、Threat Response へ転送するポータル自身のパス（例：/securex）を指定してください。リージョンはバックエンド側で扱います。".into(),
        ProxyNeedsBaseUrl => "プロキシモードには baseUrl（Threat Response へ転送するポータル自身のパス、例：/securex）が必要です。".into(),
        BadTimeout => "timeoutMs には 1000～300000 のミリ秒数を指定してください。".into(),
        PortalSessionEnded { host } => format!("ポータルのセッションが終了しました（{host} が HTTP 401 を返しました）。ポータルにもう一度サインインしてから、やり直してください。"),
        TimedOut { host, wait } => format!(
            "{host} から {wait}以内に応答がありませんでした。接続を確認してもう一度お試しください。繰り返し発生する場合は、タイムアウトを延ばしてください。"
        ),
        NoCompleteAnswer { host, detail, proxy: true } => format!(
            "{host} から完全な応答を受け取れませんでした（{detail}）。ネットワーク接続と、ポータルのバックエンドがこのパスを Threat Response に転送しているかを確認してください。"
        ),
        NoCompleteAnswer { host, detail, proxy: false } => format!(
            "{host} から完全な応答を受け取れませんでした（{detail}）。ネットワーク接続と、リージョンまたはベース URL を確認してください。Web ページから使う場合は Threat Response がページのオリジンを許可（CORS）している必要がありますが、ほとんどのポータルでは許可されていません。代わりにプロキシモードで埋め込んでください（呼び出しはポータルのバックエンドが転送します。README の「Embed in your portal」を参照）。"
        ),
        AnswerTooLarge { host, declared_mb: Some(n), max_mb } => format!(
            "{host} が {} MB の応答を送ってきました。このクライアントが受け付ける {max_mb} MB を超えているため、読み込んでいません。リージョンまたはベース URL を確認し、正しい場合は報告してください。",
            num(*n)
        ),
        AnswerTooLarge { host, declared_mb: None, max_mb } => format!(
            "{host} がこのクライアントの受け付ける {max_mb} MB を超える応答を送ってきたため、そこで読み込みを止めました。リージョンまたはベース URL を確認し、正しい場合は報告してください。"
        ),
        Redirected { host, status } => format!(
            "{host} がリダイレクト{}で応答しました。このクライアントはリダイレクトに従いません（Threat Response は API 呼び出しをリダイレクトしません）。リージョンまたはベース URL を確認してください。",
            status.map(|s| format!("（HTTP {s}）")).unwrap_or_default()
        ),
        ProxyHoldsNoToken => "プロキシモードではトークンを保持しません。トークンはポータルのバックエンドが付加します。".into(),
        ProviderEmpty => "トークンプロバイダーが accessToken または正の expiresIn を返しませんでした。バックエンドのトークン交換から得た { accessToken, expiresIn } で解決する必要があります。".into(),
        ProviderMalformed => "トークンプロバイダーは { accessToken: string, expiresIn: number（秒）} で解決する必要があります。".into(),
        ProviderFailed { detail } => format!(
            "トークンプロバイダーが失敗しました{}。ポータルのトークンエンドポイントと、その Threat Response API クライアントを確認してください。",
            opt(detail, |d| format!("：{d}"))
        ),
        ClientRejected { host, status } => format!(
            "{host} が API クライアントの ID またはシークレットを拒否しました（HTTP {status}）。両方を確認し、クライアントがこのリージョンで作成されたものか確認してください。クライアントは作成したリージョンでのみ使用できます。"
        ),
        NoIntelUrl { host, example } => format!(
            "カスタムのベース URL {host} にはプライベートインテリジェンスの URL がありません。ケースブックには必要です。privateIntelUrl（例：{example}）を指定するか、リージョンを選んでください。"
        ),
        OutcomeUnknown { reason } => format!(
            "結果不明：アクションは送信されましたが、{reason}。アクションが実行されたかどうか分かりません。もう一度実行する前に、モジュールのコンソールで確認してください。"
        ),
        UnknownNoAnswerWithin { wait } => format!("{wait}以内に応答がありませんでした"),
        UnknownConnectionFailed => "応答が届く前に接続が失敗しました".into(),
        UnknownServerError { status, trace } => {
            format!("Threat Response がサーバーエラーを返しました（HTTP {status}{}）", opt(trace, |t| format!("、トレース ID {t}")))
        }
        UnknownUnreadable => "応答を読み取れませんでした".into(),
        UnknownRedirect => "応答がリダイレクトで、このクライアントはリダイレクトに従いません".into(),
        AlreadyTriggering => "再送信していません：このアクションは（このウィンドウまたは別のウィンドウから）実行中です。結果は開始した場所に表示されます。もう一度実行する前に、完了を待ってください。".into(),
        CredentialsMissing => "API クライアントの ID とシークレットの両方が必要です。XDR/SecureX（Administration → API Clients）で API クライアントを作成し、その ID とパスワードを貼り付けてください。".into(),
        CredentialsInvalid => "API クライアントの ID またはシークレットに、使用できない文字（ID 内のコロンや制御文字）が含まれています。XDR/SecureX からもう一度貼り付けてください。".into(),
        NotAToken => "トークンエンドポイントは応答しましたが、OAuth2 トークンではありませんでした。リージョンまたはベース URL が Threat Response を指しているか確認してください。".into(),
        EmptyToken => "トークンエンドポイントが空のトークンを返したか、有効期間を返しませんでした。もう一度お試しください。解決しない場合は Cisco に報告してください。".into(),
        NotBearer { kind: Some(k) } => format!("トークンエンドポイントが bearer トークンではなく、種類「{k}」のトークンを返しました。"),
        NotBearer { kind: None } => "トークンエンドポイントが bearer トークンではないトークンを返しました。".into(),
        BadSignInScope { scope } => format!(
            "管理者がサインイン用に設定したスコープ（signInScopes）に、スコープとして使えないもの「{scope}」が含まれています。inspect:read、response、enrich:read、casebook などのスコープを指定するよう管理者に依頼してください。"
        ),
        SignInNeedsClientId => "サインインには認可コード方式の OAuth クライアントのクライアント ID が必要です。管理者に確認し（XDR の Administration → API Clients）、オプションで入力してください。".into(),
        SignInNeedsClientIdShort => "サインインには認可コード方式の OAuth クライアントのクライアント ID が必要です。オプションで入力してください（または管理者に確認してください）。".into(),
        NoRedirectUrl => "ブラウザーからサインインに使用できるリダイレクト URL が得られませんでした（クエリーのない https の URL が必要です）。".into(),
        NoRandom => "サインインには 48 バイトの乱数（crypto.getRandomValues）が必要です。".into(),
        SignInWrongRedirect => "サインインがこの拡張機能のリダイレクト URL に戻ってきませんでした。何も交換していません。もう一度お試しください。".into(),
        SignInUnexpectedAddress => "サインインが想定外のアドレスに戻ってきました。何も交換していません。もう一度お試しください。".into(),
        SignInBadState => "サインインを拒否しました：応答に、このサインインで送信した state が含まれていませんでした（別のサインインからの応答か、偽造された可能性があります）。何も交換していません。もう一度サインインしてください。".into(),
        SignInDeclined { detail } => format!(
            "サインインしていません：この拡張機能へのアクセス許可が（ご自身またはサインインページによって）拒否されました{}。準備ができたら、もう一度サインインしてください。",
            opt(detail, |d| format!("（{d}）"))
        ),
        SignInErrorAnswer { error, detail } => format!(
            "サインインしていません：サインインページから「{error}」と応答がありました{}。準備ができたら、もう一度サインインしてください。",
            opt(detail, |d| format!("（{d}）"))
        ),
        SignInNoCode => "サインインが認可コードなしで戻ってきました。もう一度サインインしてください。".into(),
        SignInClientRefused { host, status } => format!(
            "{host} はこのクライアント ID でのサインインを受け付けません（HTTP {status}）。このリージョンの認可コード方式の OAuth クライアントの ID で、このブラウザーのリダイレクト URL が登録されている必要があります。管理者に確認してください。"
        ),
        SignInCodeRefused => "サーバーがサインインを拒否しました：認可コードが受け付けられませんでした（期限切れ、使用済み、または PKCE の検証に失敗）。もう一度サインインしてください。".into(),
        SignInRefused { status } => format!(
            "サーバーがサインインを拒否しました（HTTP {status}）。もう一度サインインしてください。繰り返し失敗する場合は、OAuth クライアントの確認を管理者に依頼してください。"
        ),
        SignedOutExpired => "サインアウトされました：サインインの有効期限が切れたか、取り消されました。もう一度サインインしてください。".into(),
        OAuthClientInvalid => "OAuth クライアントの ID またはパスワードに使用できない文字が含まれています。XDR からもう一度貼り付けてください。".into(),
        NotSignedInClient => "サインインしていません（またはサインインが終了しました）。Cisco XDR アカウントでサインインしてください。".into(),
        NotASignInClient => "このクライアントはサインイン用に作成されていません（API クライアントのシークレットまたはトークンプロバイダーを使用しています）。".into(),
        SignInOtherClient => "このサインインは別のクライアント ID で開始されました。もう一度開始してください。".into(),
        RegionName { id } => match id.as_str() {
            "us" => "米国",
            "eu" => "欧州",
            _ => "アジア太平洋",
        }
        .into(),
        UnknownRegion { region } => format!(
            "リージョン「{region}」は存在しません。\"us\"、\"eu\"、\"apjc\" のいずれか（API クライアントを作成したリージョン）を使用するか、baseUrl を指定してください。"
        ),
        BadBaseUrl { which, url, why } => format!(
            "{}「{url}」は使用できません：{}。https://ホスト[:ポート]（例：https://visibility.amp.cisco.com）の形式で指定するか、リージョンを選んでください。",
            if *which == UrlField::PrivateIntel { "プライベートインテリジェンスの URL " } else { "ベース URL " },
            url_flaw_ja(why)
        ),
        BadProxyUrl { intel, url, why } => format!(
            "{}「{url}」は使用できません：{}。プロキシモードでは、Threat Response へ転送するポータル自身のパスを /securex や https://portal.example.com/securex のように指定してください。",
            if *intel { "プライベートインテリジェンスのプロキシ URL " } else { "プロキシ URL " },
            url_flaw_ja(why)
        ),
        BadTriggerUrl { url, why } => format!(
            "このアクションは実行できません：URL「{url}」が{}。アクションの一覧を再読み込みしてください。解決しない場合は、モジュールの設定に誤りがあります。",
            trigger_flaw_ja(*why)
        ),
        #[cfg(feature = "extension")]
        NothingToConfirm => "確認する対象がありません：アクションがありません。".into(),
        #[cfg(feature = "extension")]
        NotConfirmed => "送信していません：このアクションは対応ビューで確認されていません（または確認がすでに使用されています）。もう一度確認してください。".into(),
        #[cfg(feature = "extension")]
        ConfirmMismatch => "確認する対象がありません：アクションと確認が一致しません。".into(),
        #[cfg(feature = "extension")]
        ConfirmNoUrl => "確認する対象がありません：URL のないアクションがあります。".into(),
        #[cfg(feature = "extension")]
        NotConfirmedBulk => "送信していません：確認がアクションと一致しません（または確認がすでに使用されています）。もう一度確認してください。".into(),
        #[cfg(feature = "extension")]
        BulkRunGoing => "一括実行がまだ進行中です。完了するまでお待ちください（各行はスキャン パネルに表示されます）。".into(),
        #[cfg(feature = "extension")]
        NothingToRun => "実行する対象がありません：アクションが選択されていません。".into(),
        NotACasebookId { id } => format!("「{id}」はケースブックの ID ではありません。一覧からケースブックを選び直すか、新しく作成してください。"),
        BadSearchLimit { max } => format!("limit には 1～{} の数値を指定してください。", num(*max)),
        CasebookTextTooLong { field, chars, max } => format!(
            "{}は {} 文字ですが、ケースブックに入れられるのは {} 文字までです。短くしてください。",
            match *field {
                "title" => "タイトル",
                "description" => "説明",
                _ => "メモ",
            },
            num(*chars),
            num(*max)
        ),
        CasebookNeedsTitle => "ケースブックにはタイトルが必要です。".into(),
        BadTlp { tlps } => format!("tlp には {tlps} のいずれかを指定してください。"),
        NoCasebookId => "プライベートインテリジェンス サービスがケースブックの ID なしで応答しました。プライベートインテリジェンスの URL を確認し、正しい場合は報告してください。".into(),
        CasebookScopeMissing => "API クライアントに、ケースブックに必要なスコープ casebook がありません。XDR（Administration → API Clients）で API クライアントを編集するか管理者に依頼して、Casebook（casebook）または Private Intelligence（private-intel）を追加し、もう一度お試しください。".into(),
        CasebookReadOnly { refused } => format!(
            "このサインインまたは API クライアントは、ケースブックを読み取れますが変更できません（拒否された権限：{refused}）。書き込みには casebook:read ではなく casebook スコープが必要です。付与するよう管理者に依頼してください。"
        ),
        CasebookNotFound { id } => format!(
            "ケースブック {id} が見つかりません。削除されたか、別の組織のものです。別のケースブックを選ぶか、新しく作成してください。"
        ),
        #[cfg(feature = "extension")]
        NotSetUp => "先に拡張機能を設定してください：オプションを開き、API クライアントの ID とシークレットを入力してください。".into(),
        #[cfg(feature = "extension")]
        NotSetUpSignIn => "先に拡張機能を設定してください：オプションを開き、Cisco XDR アカウントでサインインしてください（組織の認可コード方式の OAuth クライアントのクライアント ID が必要です。管理者が把握しています）。".into(),
        #[cfg(feature = "extension")]
        NotSignedIn => "サインインしていません：Cisco XDR アカウントでサインインしてください（拡張機能のオプション、または下のボタンから）。".into(),
        #[cfg(feature = "extension")]
        LostSecret => "このデバイスに保存されたクライアントシークレットを復号できなくなりました：拡張機能の鍵が失われています（ブラウザーのサイトデータが消去された場合など）。拡張機能のオプションを開き、クライアントシークレットをもう一度入力してください。".into(),
        #[cfg(feature = "extension")]
        LostSignIn => "サインアウトされました：このデバイスに保存されたサインイン情報を復号できなくなりました：拡張機能の鍵が失われています（ブラウザーのサイトデータが消去された場合など）。もう一度サインインしてください。".into(),
        #[cfg(feature = "extension")]
        EnrichOff => "判定とピボットは拡張機能のオプションでオフになっています。".into(),
        #[cfg(feature = "extension")]
        SightingsOff => "サイティングは拡張機能のオプションでオフになっています。".into(),
        #[cfg(feature = "extension")]
        EnterToTest { id, secret } => format!(
            "上の欄に{}を入力してから、もう一度［接続をテスト］を押してください。",
            match (id, secret) {
                (true, true) => "API クライアントの ID とシークレット（XDR でのパスワード）",
                (true, false) => "API クライアントの ID",
                _ => "API クライアントのシークレット（XDR でのパスワード）",
            }
        ),
        #[cfg(feature = "extension")]
        SharedClientMode => "拡張機能は共有 API クライアントを使うよう設定されています。先にオプションで「Cisco XDR アカウントでサインイン」を選んでください。".into(),
        #[cfg(feature = "extension")]
        SettingsLocked => "これらの設定は管理者によってロックされています。".into(),
        #[cfg(feature = "extension")]
        ModeLocked { sign_in } => format!(
            "この拡張機能の接続方法は管理者が設定しています（{}）。ここでは変更できません。",
            if *sign_in { "Cisco XDR アカウントでサインイン" } else { "共有 API クライアント" }
        ),
        #[cfg(feature = "extension")]
        AllowHost { host, or_region: true } => {
            format!("拡張機能が {host} にアクセスすることを許可するか（保存またはテストのときにブラウザーが確認します）、リージョンを選んでください。")
        }
        #[cfg(feature = "extension")]
        AllowHost { host, or_region: false } => format!(
            "拡張機能が {host} にアクセスすることを許可してください（保存またはテストのときにブラウザーが確認します）。許可しないと Threat Response に何も送信できません。"
        ),
        #[cfg(feature = "extension")]
        PermissionMissing { host } => format!(
            "このブラウザーは拡張機能による {host} へのアクセスを許可していません：サイトへのアクセス許可が拒否されたか、取り消されました。拡張機能のオプションを開き、［保存］または［接続をテスト］を押して許可してください。"
        ),
        #[cfg(feature = "extension")]
        PermissionNotice { host } => format!("ブラウザーはまだこの拡張機能に {host} へのアクセスを許可していません。［保存］または［接続をテスト］で許可を求めます。"),
        #[cfg(feature = "extension")]
        SecretPolicyOnly { host, in_policy, other, password } => {
            let s = format!(
                "送信していません：クライアントシークレットは管理者が設定したため、{host}（{}）にのみ送信され、別のホスト（{other}）には送信されません。{}",
                if *in_policy { "ポリシーで指定されたホスト" } else { "ポリシーでリージョンもベース URL も指定されていないため、既定のリージョン" },
                if *in_policy { "" } else { "ポリシーでリージョンまたはベース URL を設定するよう管理者に依頼してください。" },
            );
            if *password { password_ja(s) } else { s }
        }
        #[cfg(feature = "extension")]
        SecretOtherIntel { intel, other, password } => {
            let s = format!(
                "送信していません：保存されたクライアントシークレットは{}で入力されたもので、別のプライベートインテリジェンスの URL（{}）では使用しません（取得したトークンがそこへ送られるためです）。クライアントシークレットをもう一度入力してください。",
                intel.as_deref().map_or("プライベートインテリジェンスの URL なし".to_string(), |i| format!("プライベートインテリジェンスの URL {i} ")),
                other.as_deref().unwrap_or("なし")
            );
            if *password { password_ja(s) } else { s }
        }
        #[cfg(feature = "extension")]
        SecretOtherHost { saved, other, password } => {
            let s = format!(
                "送信していません：保存されたクライアントシークレットは {saved} 用に入力されたもので、別のホスト（{other}）には送信しません。{other} 用のクライアントシークレットを入力してください。"
            );
            if *password { password_ja(s) } else { s }
        }
        #[cfg(feature = "extension")]
        PolicyManaged => "これらの設定は管理者が管理しているため、ここでは変更できません。".into(),
        #[cfg(feature = "extension")]
        PolicySetBy { fields, default_region } => format!(
            "管理者が設定した項目：{fields}。{}",
            opt(default_region, |r| format!(
                "ポリシーでリージョンもベース URL も指定されていないため、管理者のクライアントシークレットは既定のリージョン（{r}）にのみ送信されます。"
            ))
        ),
        #[cfg(feature = "extension")]
        HintSaved { host } => format!("{host} 用に保存済み — そのホストで使い続けるには空欄のままにしてください"),
        #[cfg(feature = "extension")]
        HintEnterAgain { host } => format!("もう一度入力してください：保存されているものは {host} 専用です"),
        #[cfg(feature = "extension")]
        HintPublicClient => "なし：パブリッククライアント（推奨）。パスワードはコンフィデンシャルクライアントの場合のみ入力してください。".into(),
        #[cfg(feature = "extension")]
        HintLost => "もう一度入力してください：このデバイスに保存されたものは復号できなくなりました".into(),
        #[cfg(feature = "extension")]
        HintPolicy => "管理者が設定".into(),
        #[cfg(feature = "extension")]
        HintDev => "開発用設定のデモ用シークレット".into(),
        #[cfg(feature = "extension")]
        SetUpPageNotOpened { cause } => format!("セットアップページが開きませんでした（{cause}）。拡張機能のオプションから開いてください。"),
        CasebookScopesMissing { scopes } => format!(
            "API クライアントに、ケースブックに必要なスコープ {} がありません。XDR（Administration → API Clients）で API クライアントを編集して Casebook（casebook）または Private Intelligence（private-intel）を追加し、もう一度お試しください。",
            scopes.join(", ")
        ),
        ProviderNoAnswer { wait } => format!("{wait}以内に応答がありませんでした"),
        AmbiguousAction { title } => format!(
            "アクション「{title}」は URL 内で観測対象を複数回指定しているため、どれに対して実行されるか判断できません。このアクションは表示していません。モジュールの管理者に報告してください。"
        ),
        NoObservablesFound => "このテキストに観測対象は見つかりませんでした。".into(),
        SelectionCut { chars } => format!("選択範囲が長いため、先頭の {} 文字だけを使用します。", num(*chars)),
        FeatureOff { feature, scope } => format!(
            "{}：オフです。{scope} スコープが付与されていません。OAuth クライアントまたは API クライアント（と XDR のロール）に追加するよう管理者に依頼してください。",
            match *feature {
                "find" => "Inspect API による観測対象の検索（ローカル抽出は引き続き使用できます）",
                "respond" => "対応アクションの一覧表示と実行",
                _ => "判定、ピボット、サイティング",
            }
        ),
        CasebooksReadOnly => "ケースブックは読み取り専用です：付与されている casebook:read（または private-intel:read）では一覧表示と検索はできますが、作成や追加はできません。casebook スコープを管理者に依頼してください。".into(),
        CasebooksOff => "ケースブックはオフです：casebook スコープが付与されていません。OAuth クライアントまたは API クライアント（と XDR のロール）に追加するよう管理者に依頼してください。".into(),
        Disposition { n } => match n {
            1 => "クリーン",
            2 => "悪意あり",
            3 => "疑わしい",
            4 => "一般的",
            _ => "不明",
        }
        .into(),
        #[cfg(feature = "extension")]
        NoVerdictYet => "判定待ち".into(),
        DomainRated { domain, verdict } => format!("ドメイン {domain} の判定は「{verdict}」です"),
        #[cfg(feature = "extension")]
        NotVisibleOnPage => "ページ上で見えません".into(),
        #[cfg(feature = "extension")]
        CountTargets { kind, n } => format!(
            "{} {} 件",
            match kind.as_str() {
                "domain" => "ドメイン",
                "ip" | "ipv6" => "IP アドレス",
                "url" => "URL",
                "email" => "メールアドレス",
                "md5" | "sha1" | "sha256" => "ファイルハッシュ",
                "mac_address" => "MAC アドレス",
                _ => "対象",
            },
            num(*n)
        ),
        #[cfg(feature = "extension")]
        RunHeading { actions, targets } => format!("{targets}に対してアクション {} 件を実行しますか？", num(*actions)),
        #[cfg(feature = "extension")]
        RunCostLeft { calls, left, limit } => format!(
            "Threat Response にトリガー呼び出しを 1 件ずつ {} 回送信します。組織がこの 1 時間に使える残り {} 回{}のうち {} 回を使います（組織のすべてのユーザーと連携で共有）。レート制限（429）で実行は停止し、同じものを 2 回送信することはありません。",
            num(*calls),
            num(*left),
            limit.map(|l| format!("（上限 {}）", num(l))).unwrap_or_default(),
            num(*calls)
        ),
        #[cfg(feature = "extension")]
        RunCost { calls, per_hour } => format!(
            "Threat Response にトリガー呼び出しを 1 件ずつ {} 回送信します。組織で共有する 1 時間あたり {} 回のうち {} 回を使います（組織のすべてのユーザーと連携で共有）。レート制限（429）で実行は停止し、同じものを 2 回送信することはありません。",
            num(*calls),
            num(*per_hour),
            num(*calls)
        ),
        #[cfg(feature = "extension")]
        RunOverLeft { calls, left } => format!(
            "{} 回の呼び出しは、組織がこの 1 時間に使える残り {} 回を超えています。数を減らすか、次の 1 時間になるまでお待ちください。",
            num(*calls),
            num(*left)
        ),
        #[cfg(feature = "extension")]
        RunOverHour { calls, per_hour } => {
            format!("{} 回の呼び出しは、組織の 1 時間あたりの上限 {} 回を超えています。数を減らしてください。", num(*calls), num(*per_hour))
        }
        #[cfg(feature = "extension")]
        AuditCost { notes, all } => format!(" 各行の監査メモは API 呼び出し 1 回ずつです：追加 {} 回、合計 {} 回。", num(*notes), num(*all)),
        #[cfg(feature = "extension")]
        AuditOverLeft { all, left } => format!(
            "監査メモを含めた {} 回の呼び出しは、組織がこの 1 時間に使える残り {} 回を超えています。数を減らすか、次の 1 時間になるまでお待ちください。",
            num(*all),
            num(*left)
        ),
        #[cfg(feature = "extension")]
        ApartLabel { title, target, rating } => format!("{title}：{target}（{rating}）"),
        #[cfg(feature = "extension")]
        ApartNote { rated, unseen } => {
            let mut notes = String::new();
            if *rated > 0 {
                notes.push_str("エンリッチメントモジュールがクリーンまたは一般的と判定した行には、チェックを付けていません。");
            }
            if *unseen > 0 {
                notes.push_str("ページ上で見えない行（ページがスタイルでテキストを隠しています。悪意のあるページは本物のインジケーターに紛れて隠すことがあります）には、チェックを付けていません。");
            }
            format!("{notes}対応するつもりの行にだけチェックを付けてください。")
        }
        #[cfg(feature = "extension")]
        RowDone => "完了".into(),
        #[cfg(feature = "extension")]
        TriggerFailed => "トリガーが失敗しました。".into(),
        #[cfg(feature = "extension")]
        ModuleAnswered { status } => format!("モジュールの応答は「{status}」でした。"),
        #[cfg(feature = "extension")]
        RecoveredUnknown => "結果不明：このアクションの送信中に拡張機能が停止しました。もう一度実行する前に、モジュール側で確認してください。".into(),
        #[cfg(feature = "extension")]
        RunCounts { ok, failed, unknown } => format!("成功 {} 件、失敗 {} 件、結果不明 {} 件", num(*ok), num(*failed), num(*unknown)),
        #[cfg(feature = "extension")]
        RunningAnnounce { n } => format!("アクション {} 件を 1 件ずつ実行しています。", num(*n)),
        #[cfg(feature = "extension")]
        RunningSummary { sent, total, counts } => format!("1 件ずつ実行中：{} 件中 {} 件を送信しました（{counts}）。", num(*total), num(*sent)),
        #[cfg(feature = "extension")]
        RunDone { counts } => format!("完了：{counts}。"),
        #[cfg(feature = "extension")]
        StoppedRateLimit { counts, pending, wait, message } => format!(
            "レート制限（429）で停止しました：{counts}。未実行 {} 件。{}（{message}）",
            num(*pending),
            if *wait == 0 { "今すぐ続行できます。".to_string() } else { format!("{} 秒後に続行できます。", num(*wait)) }
        ),
        #[cfg(feature = "extension")]
        StoppedRateLimitAnnounce { counts, pending, can_continue } => format!(
            "レート制限（429）で停止しました：{counts}。未実行 {} 件。{}",
            num(*pending),
            if *can_continue { "今すぐ続行できます。" } else { "" }
        ),
        #[cfg(feature = "extension")]
        StoppedUser { counts, pending } => format!("停止しました：{counts}。未実行 {} 件。", num(*pending)),
        #[cfg(feature = "extension")]
        StoppedConnection { counts, pending } => format!(
            "停止しました：実行を確認した後に接続が変わりました（別のホストやクライアント、またはサインアウトやサインイン）：{counts}。未実行 {} 件。現在の接続で実行するには、もう一度確認してください。",
            num(*pending)
        ),
        #[cfg(feature = "extension")]
        NotRunRateLimit => "未実行（レート制限）".into(),
        #[cfg(feature = "extension")]
        NotRunStopped => "未実行（停止）".into(),
        #[cfg(feature = "extension")]
        NotRunConnection => "未実行（接続が変更されました）".into(),
        #[cfg(feature = "extension")]
        RowWaiting => "待機中".into(),
        #[cfg(feature = "extension")]
        RowSending => "送信中…".into(),
        #[cfg(feature = "extension")]
        RowSucceeded => "成功".into(),
        #[cfg(feature = "extension")]
        RowFailed { message } => format!("失敗：{message}"),
        #[cfg(feature = "extension")]
        RowUnknown { message } => format!("結果不明：{}", message.strip_prefix("結果不明：").unwrap_or(message)),
        #[cfg(feature = "extension")]
        PageTooLong { limit, scanned, left_out } => format!(
            "このページにはスキャンで読み取れる量（{} 文字）を超えるテキストがあります：先頭の {} 文字をスキャンしました{}。残りは選択して「{}」を使ってください。",
            num(*limit),
            num(*scanned),
            left_out.map(|n| format!("（少なくとも {} 文字はスキャンしていません）", num(n))).unwrap_or_default(),
            text_ja(&Text::MenuRespond {})
        ),
        #[cfg(feature = "extension")]
        FramesSkipped { n, list } => format!("別のサイトのフレーム {} 個はスキャンしていません：{list}", num(*n)),
        #[cfg(feature = "extension")]
        NoAddress => "（アドレスなし）".into(),
        #[cfg(feature = "extension")]
        VerdictsCapped { first, total, cap, rest, calls, left } => format!(
            "このページの観測対象 {} 件のうち、先頭の {} 件について判定を問い合わせました。スキャンがクリックなしで問い合わせるのは {} 件までで、問い合わせた観測対象はすべてのエンリッチメントモジュールに送信されます。残りの {} 件には API 呼び出しが {} 回必要です{}。",
            num(*total),
            num(*first),
            num(*cap),
            num(*rest),
            num(*calls),
            left.map(|l| format!("（組織がこの 1 時間に使える残りは {} 回）", num(l))).unwrap_or_default()
        ),
        #[cfg(feature = "extension")]
        AskOtherVerdicts { rest, calls } => format!("残りの {} 件の判定を問い合わせる（{} 回）", num(*rest), num(*calls)),
        NotSeen => "お使いの環境では確認されていません".into(),
        SeenTimes { n } => format!("お使いの環境で {} 回確認されました", num(*n)),
        SeenOnHosts { hosts } => format!("お使いのホスト {} 台で確認されました", num(*hosts)),
        ReportedBy { sources, reports } => format!("外部ソース {} 件から報告 {} 件", num(*sources), num(*reports)),
        JustNow => "たった今".into(),
        Relative { n, unit, ago } => format!("{} {}{}", num(*n), ["分", "時間", "日"][(*unit as usize).min(2)], if *ago { "前" } else { "後" }),
        Date { y, m, d } => format!("{y}年{m}月{d}日"),
        Until { when } => format!("{when} まで"),
        Expires { when } => format!("期限：{when}"),
        Expired { when } => format!("期限切れ：{when}"),
        UnnamedModule => "名前のないモジュール".into(),
        UntitledCasebook => "無題のケースブック".into(),
        ModuleErrorWord => "モジュールのエラー".into(),
        CasebookLine { title, n } => format!("{title} · 観測対象 {} 件", num(*n)),
        LinkTooLong { length, max } => format!(
            "この選択範囲は Investigate リンクにするには長すぎます（{} 文字。リンクは {} 文字まで）。代わりにケースブックに保存し、XDR でそのケースブックを開いてください。",
            num(*length),
            num(*max)
        ),
        #[cfg(feature = "extension")]
        NoObservableNamed { module: Some(m) } => format!("（観測対象の指定なし。モジュール {m}）"),
        #[cfg(feature = "extension")]
        NoObservableNamed { module: None } => "（観測対象の指定なし）".into(),
        DraftTitle { date, time } => format!("ケースブック {date} {time}"),
        DraftDescription { url } => format!("{url} の観測対象"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Labels that are rightly the same words in both (names); none today.
    const SAME_IN_BOTH: &[Label] = &[];

    #[test]
    fn every_label_has_japanese_words_of_its_own() {
        for &l in Label::ALL {
            let (en, ja) = (l.say(Locale::En), l.say(Locale::Ja));
            assert!(!ja.trim().is_empty(), "{}: no Japanese", l.key());
            assert!(ja != en || SAME_IN_BOTH.contains(&l), "{}: the Japanese is the English ({en})", l.key());
            // A leading space joins a label to the control before it: kept, or a full-width bracket.
            assert!(!en.starts_with(' ') || ja.starts_with([' ', '\u{ff08}']), "{}: the space after the control is lost", l.key());
        }
    }

    #[test]
    fn the_japanese_sentences_have_no_plural_forms_and_group_thousands() {
        let s = |o, c, n| Text::ScanSummary { observables: o, occurrences: c, nodes: n }.say(Locale::Ja);
        assert_eq!(s(1, 1, 1), "観測対象 1 件、出現 1 回（テキストノード 1 個）。");
        assert_eq!(s(2, 12_345, 3), "観測対象 2 件、出現 12,345 回（テキストノード 3 個）。");
        assert_eq!(Text::Selected { n: 1 }.say(Locale::Ja), "1 件選択");
        assert_eq!(Text::Selected { n: 1000 }.say(Locale::Ja), "1,000 件選択");
        assert_eq!(Text::Selected { n: 1000 }.say(Locale::En), "1,000 selected");
        let done = |n| Text::CasebookDone { created: true, title: "T".into(), observables: n }.say(Locale::Ja);
        assert_eq!(done(1), "「T」を作成しました（観測対象 1 件）。");
        assert_eq!(done(2), "「T」を作成しました（観測対象 2 件）。");
    }

    #[test]
    fn the_confirmation_names_the_action_the_module_and_the_target() {
        let t = Text::Confirm { title: "Block this domain".into(), module: "Umbrella".into(), target: Some(("domain".into(), "evil.com".into())) };
        assert_eq!(t.say(Locale::Ja), "Umbrella の「Block this domain」を domain 「evil.com」に対して実行しますか？");
        let t = Text::Succeeded { title: "Block this domain".into(), module: "Umbrella".into() };
        assert_eq!(t.say(Locale::Ja), "完了：「Block this domain」が成功しました（Umbrella）。");
    }

    #[test]
    fn every_sentence_says_something_in_japanese() {
        // One of each (the match in text_ja is exhaustive; this checks none is left blank or English).
        let s = || String::from("x");
        let all = [
            Text::UnwrappedFrom { from: s() },
            Text::VerdictTime { valid: None, end_time: Some(s()) },
            Text::EnrichUnavailable { part: Part::Verdicts, message: s() },
            Text::ModuleNote { module: None, part: Part::Sightings, message: s(), warning: true },
            Text::ModuleError { warning: false, message: s() },
            Text::ReferenceFold { value: s() },
            Text::Confirm { title: s(), module: s(), target: None },
            Text::Running { title: s() },
            Text::Succeeded { title: s(), module: s() },
            Text::Failed { title: s(), module: s() },
            Text::AuditFailed { message: s() },
            Text::AuditAdded { casebook: s(), text: s() },
            Text::MissingScopes { scopes: vec![s()] },
            Text::RetryIn { seconds: 3 },
            Text::TraceId { trace: s() },
            Text::NoAnswer { cause: None },
            Text::MayHaveRun { message: s() },
            Text::MoreActions { n: 2, verdict: s() },
            Text::ConfirmRated { question: s(), verdict: s(), modules: 2 },
            Text::InvestigateUnavailable { message: s() },
            Text::LastSeen { when: s() },
            Text::Sightings { count: 2, facts: s() },
            Text::CasebookDone { created: false, title: s(), observables: 1 },
            Text::ConnSignedIn { host: s(), user: None },
            Text::SignedInAs { user: None },
            Text::SignedOutNotTold { error: s() },
            Text::ConnectedLacks { base_url: s(), scopes: vec![s()], user: Some(None) },
            Text::ConnectedOk { base_url: s(), user: None },
            Text::GrantedScopes { scopes: vec![] },
            Text::ScopeWhy { scope: "response".into() },
            Text::SelectValue { value: s() },
            Text::Selected { n: 0 },
            Text::ScanSummary { observables: 0, occurrences: 0, nodes: 0 },
            Text::PageChanged { occurrence: 1, value: s() },
            Text::PivotsUnavailable { message: s() },
            Text::VerdictsUnavailable { message: s() },
            Text::BulkAudit { casebook: s(), notes: 1 },
            Text::AuditCounts { written: 1, failed: 0 },
            Text::DemoConnected { base_url: s() },
            Text::MenuRespond {},
            Text::MenuScan {},
            Text::IconOn {},
            Text::IconOff {},
            Text::CallEnded {},
            Text::WindowNotOpened { cause: s() },
            Text::SignInWindowClosed { cause: s() },
            Text::StorageFailed { cause: s() },
            Text::VerdictsNeedClick {},
            Text::RunUnreadable {},
            Text::ScanUnreadable { cause: None },
            Text::ScanGone {},
            Text::ScanLeftOut { left: 1, total: 2, megabytes: 4 },
        ];
        for t in &all {
            let (en, ja) = (t.say(Locale::En), t.say(Locale::Ja));
            assert!(!ja.trim().is_empty() && ja != en, "{t:?}: {ja}");
            assert!(!ja.is_ascii(), "{t:?}: no Japanese in {ja}");
        }
    }

    #[test]
    fn the_browser_language_picks_the_locale_and_the_option_overrides_it() {
        assert_eq!(Locale::pick(&["ja-JP"]), Locale::Ja);
        assert_eq!(Locale::pick(&["JA"]), Locale::Ja);
        assert_eq!(Locale::pick(&["ja_JP"]), Locale::Ja);
        assert_eq!(Locale::pick(&["en-GB", "ja"]), Locale::En);
        assert_eq!(Locale::pick(&["fr-FR", "ja"]), Locale::Ja, "the first language the catalogue has");
        assert_eq!(Locale::pick(&["fr", "de"]), Locale::En);
        assert_eq!(Locale::pick(&[]), Locale::En);
        assert_eq!(Locale::pick(&["jav"]), Locale::En, "Javanese is not Japanese");
        assert_eq!(Locale::choose("", &["ja-JP"]), Locale::Ja);
        assert_eq!(Locale::choose("en", &["ja-JP"]), Locale::En);
        assert_eq!(Locale::choose("ja", &["en-US"]), Locale::Ja);
        assert_eq!(Locale::choose("klingon", &["ja"]), Locale::Ja, "an unknown choice is the browser's");
        assert_eq!((Locale::Ja.tag(), Locale::En.tag()), ("ja", "en"));
    }
}
